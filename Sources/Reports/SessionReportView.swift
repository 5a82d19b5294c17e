import Foundation
import Scoring
import Sessions

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
        var confidence: String
        var summary: String
        /// Unanalyzed conversations only: an analyzed one has its player in its own section.
        var audio: String?
        /// `conv-<n>`, the analyzed conversation's section, for the customer's link.
        var anchor: String?
        var cells: [ScoreCell]
        /// Why a conversation was not analyzed.
        var reason: String?
    }

    /// A span that is not a sales conversation, and why the detector judged so.
    struct OtherRow: Sendable {
        var number: Int
        var kind: String
        var timeRange: String
        var status: String
        var reason: String
        var summary: String
        var audio: String?
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
    var noConversations: Bool
    var segments: [SegmentRow]
    /// Mustache sections cannot test an array's emptiness without iterating it: the table's frame needs a flag.
    var hasSegments: Bool
    var scoreHeaders: [String] = ScoreCell.headers
    var conversations: [ConversationView]
    var others: [OtherRow]
    var hasOthers: Bool
    /// Something was left unanalyzed: the page says how to have it analyzed.
    var canRescue: Bool

    init(session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String]) {
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
        noConversations = !failed && session.conversations.isEmpty
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
                outcome: segment.detectedOutcome.rawValue.replacingOccurrences(of: "_", with: " "),
                confidence: TimelineView.number(segment.confidence),
                summary: segment.summary, audio: analysis == nil ? files[index] : nil,
                anchor: analysis == nil ? nil : "conv-\(index + 1)",
                cells: ScoreCell.row(analysis),
                reason: analysis == nil && !segment.statusReason.isEmpty ? segment.statusReason : nil)
        }
        hasSegments = !segments.isEmpty
        others = session.segments.enumerated().filter { !$0.element.isSalesConversation }.map { index, segment in
            OtherRow(
                number: index + 1, kind: segment.kind.rawValue,
                timeRange: "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))",
                status: segment.status.rawValue.replacingOccurrences(of: "_", with: " "), reason: segment.statusReason,
                summary: segment.summary,
                audio: analyzed[index] == nil ? files[index] : nil)
        }
        hasOthers = !others.isEmpty
        canRescue = session.segments.contains { $0.status != .analyzed }
        conversations = session.segments.enumerated().compactMap { index, segment in
            analyzed[index].map {
                ConversationView(
                    index: index, segment: segment, analysis: $0, recordingURL: url, segmentFile: segmentFiles[index])
            }
        }
        timeline = failed ? nil : TimelineView(session: session, overallScores: analyzed.map { $0?.overallScore })
    }

    /// The recording's file name (without a URL's query), or the session id.
    static func name(of session: SessionRecord) -> String {
        session.recordingURL.map { url in
            let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
            return path.split(separator: "/").last.map(String.init) ?? url
        } ?? session.id
    }
}
