import Foundation
import Scoring
import Sessions
import Transcripts

/// Everything the report template shows, already worded and measured: the template only places
/// values (and escapes each one), so no HTML is assembled in Swift.
struct SessionReportView: Sendable {
    struct Count: Sendable {
        var label: String
        var value: Int
    }

    struct Failure: Sendable {
        var code: String
        var message: String
        var advice: String
    }

    struct SegmentRow: Sendable {
        var number: Int
        var customer: String
        var timeRange: String
        var status: String
        var outcome: String
        var outcomeLabel: String
        var confidence: String
        var summary: String
        /// Unanalyzed conversations only: an analyzed one has its player in its own section.
        var audio: String?
        /// `conv-<n>`, the analyzed conversation's section, for the customer's link.
        var anchor: String?
        var cells: [ScoreCell]
        /// Why a conversation was not analyzed, and the command that scores it.
        var reason: String?
        var rescore: String?
    }

    /// A span that is not a sales conversation, why the detector judged so, and how to have it
    /// scored if the judgement was wrong.
    struct OtherRow: Sendable {
        var number: Int
        var kind: String
        var timeRange: String
        var status: String
        var reason: String
        var summary: String
        var audio: String?
        var rescore: String
    }

    var recordingName: String
    var recordingURL: String?
    var sessionID: String
    var org: String
    var rep: String
    var duration: String
    var status: String
    var completedAt: String?
    var counts: [Count]
    var failure: Failure?
    var timeline: TimelineView?
    /// No sales conversation in a recording that did not fail: the page says what was found instead.
    var noConversations: String?
    var segments: [SegmentRow]
    /// Mustache sections cannot test an array's emptiness without iterating it: the table's frame needs a flag.
    var hasSegments: Bool
    var scoreHeaders: [String] = ScoreCell.headers
    var conversations: [ConversationView]
    var others: [OtherRow]
    var hasOthers: Bool
    /// Something was left unanalyzed: the page says how to have it analyzed.
    var canRescue: Bool
    /// Any player on the page: the click-to-play script is included only then.
    var playable: Bool

    init(session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String], transcript: Transcript?) {
        let url = session.recordingURL
        recordingName = Self.name(of: session)
        recordingURL = url
        sessionID = session.id
        org = session.partnerOrgID ?? "—"
        rep = session.partnerRepID ?? "—"
        duration = session.durationSeconds.map { Quote.clock(Double($0)) } ?? "—"
        status = session.status.rawValue
        completedAt = session.completedAt
        counts = [
            Count(label: "detected", value: session.segmentsDetected),
            Count(label: "analyzed", value: session.segmentsAnalyzed),
            Count(label: "needs review", value: session.segmentsPendingReview),
            Count(label: "skipped", value: session.segmentsSkipped),
        ]
        failure = session.error.map {
            Failure(code: $0.code, message: $0.message, advice: FailureAdvice.text(for: $0.code))
        }
        let failed = session.status == .failed
        let files = segmentFiles.mapValues { "segments/" + ($0 as NSString).lastPathComponent }
        let byID = Dictionary(analyses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let analyzed: [Analysis?] = session.segments.map { segment in
            guard let id = segment.analysisID, let record = byID[id], record.status == .completed else { return nil }
            return record.analysis
        }
        segments = session.segments.enumerated().filter(\.element.isSalesConversation).map { index, segment in
            let analysis = analyzed[index]
            return SegmentRow(
                number: index + 1, customer: segment.customerName ?? "Unknown customer",
                timeRange: "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))",
                status: segment.status.rawValue.replacingOccurrences(of: "_", with: " "),
                outcome: segment.detectedOutcome.rawValue,
                outcomeLabel: segment.detectedOutcome.rawValue.replacingOccurrences(of: "_", with: " "),
                confidence: TimelineView.number(segment.confidence),
                summary: segment.summary, audio: analysis == nil ? files[index] : nil,
                anchor: analysis == nil ? nil : "conv-\(index + 1)",
                cells: ScoreCell.row(analysis),
                reason: analysis == nil && !segment.statusReason.isEmpty ? segment.statusReason : nil,
                rescore: analysis == nil ? Self.rescoreCommand(segment) : nil)
        }
        hasSegments = !segments.isEmpty
        others = session.segments.enumerated().filter { !$0.element.isSalesConversation }.map { index, segment in
            OtherRow(
                number: index + 1, kind: segment.kind.rawValue,
                timeRange: "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))",
                status: segment.status.rawValue.replacingOccurrences(of: "_", with: " "), reason: segment.statusReason,
                summary: segment.summary,
                audio: analyzed[index] == nil ? files[index] : nil, rescore: Self.rescoreCommand(segment))
        }
        hasOthers = !others.isEmpty
        noConversations =
            failed || !session.conversations.isEmpty
            ? nil
            : session.segments.isEmpty
                ? "No speech that could be a conversation was found in this recording."
                : "No sales conversations were found in this recording: \(session.segments.count) other span"
                    + "\(session.segments.count == 1 ? " was" : "s were") judged not to be sales. Each is listed below "
                    + "with the reason, a player to check it, and the command that scores it if it was a sale."
        canRescue = session.segments.contains { $0.status != .analyzed }
        // Each analyzed call's words, cut once: its transcript lines and its figures come from them.
        var slices: [Int: CallSlice] = [:]
        var figures: [Int: InteractionFigures] = [:]
        for (index, segment) in session.segments.enumerated() where analyzed[index] != nil {
            guard let transcript else { break }
            let slice = CallSlice.cut(transcript, from: segment.startSeconds, to: segment.endSeconds)
            slices[index] = slice
            figures[index] = InteractionFigures(slice)
        }
        let baseline = figures.count > 1 ? InteractionMedians(figures.sorted { $0.key < $1.key }.map(\.value)) : nil
        conversations = session.segments.enumerated().compactMap { index, segment in
            analyzed[index].map {
                ConversationView(
                    index: index, segment: segment, analysis: $0, recordingURL: url, segmentFile: files[index],
                    slice: slices[index], speakers: transcript?.speakers ?? [], figures: figures[index],
                    baseline: baseline)
            }
        }
        playable = !conversations.isEmpty || !files.isEmpty
        timeline = failed ? nil : TimelineView(session: session, overallScores: analyzed.map { $0?.overallScore })
    }

    /// The recording's file name (without a URL's query), or the session id.
    static func name(of session: SessionRecord) -> String {
        session.recordingURL.map { url in
            let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
            return path.split(separator: "/").last.map(String.init) ?? url
        } ?? session.id
    }

    /// The command, run in the bundle's folder, that scores a span left unanalyzed: `callsift
    /// analyze` on the bundle's transcript with `--min-confidence` at the span's confidence (it
    /// scores every span that reaches it). A voicemail, fragment or automated line is never scored
    /// by the built-in detector: the LLM engines give a second opinion.
    static func rescoreCommand(_ segment: SegmentRecord) -> String {
        switch segment.kind {
        case .sales, .internal:
            let floor = (segment.confidence * 100).rounded(.down) / 100
            return "callsift analyze transcript.json --min-confidence \(TimelineView.number(floor)) -o rescored"
        case .voicemail, .fragment, .automated:
            return "callsift analyze transcript.json -m manifests/llm.yaml -o rescored"
        }
    }
}
