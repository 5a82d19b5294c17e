import Foundation
import Scoring
import Sessions

/// One analyzed conversation in the report: the scores as bars (a bar's length is its score, in
/// `viewBox` units), the strongest and weakest pillars with their feedback, the action plan, the
/// moments, a few measures, and where to listen.
struct ConversationView: Sendable {
    struct Bar: Sendable {
        var key: String
        var label: String
        var score: Int
        var y: Int
        var textY: Int
        var valueX: Int
        /// `bar`, `bar overall`, or `bar unmeasured` (a neutral 50 left out of the overall score).
        var kind: String
    }

    struct Pillar: Sendable {
        var name: String
        var score: Int
        var feedback: String
    }

    struct MomentRow: Sendable {
        var type: String
        var timestamp: String
        var speaker: String
        var quote: String
        var detail: String
    }

    static let labelWidth = 90
    static let barHeight = 14
    static let rowHeight = 20

    var number: Int
    var customer: String
    var timeRange: String
    var outcome: String
    var confidence: String
    var recordingTitle: String
    var aiSummary: String
    var overallScore: Int
    var bars: [Bar]
    var chartHeight: Int
    var strongest: Pillar
    var weakest: Pillar
    var doubleDownImplementation: String
    var generalCommunicationImprovement: String
    var quotedPrinciple: String
    var moments: [MomentRow]
    /// For the table's frame (a section over `moments` would repeat it).
    var hasMoments: Bool
    var talkShare: String?
    var questionsAsked: Int
    var wordsPerMinute: Int
    var segmentAudio: String?
    var originalAudio: String?

    /// `index` is the segment's place in `session.segments`; `segmentFile` its stream-copied audio.
    init(index: Int, segment: SegmentRecord, analysis: Analysis, recordingURL: String?, segmentFile: String?) {
        number = index + 1
        customer = segment.customerName ?? analysis.prospectName ?? "Unknown customer"
        timeRange = "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))"
        outcome = segment.detectedOutcome.rawValue
        confidence = TimelineView.number(segment.confidence)
        recordingTitle = analysis.recordingTitle
        aiSummary = analysis.aiSummary
        overallScore = analysis.overallScore
        let unmeasured = Set(analysis.synthesisSnapshot.unmeasuredPillars)
        let rows =
            Analysis.Pillar.allCases.map {
                (
                    $0.rawValue, $0.rawValue.capitalized, analysis.score($0),
                    unmeasured.contains($0.rawValue) ? "bar unmeasured" : "bar"
                )
            }
            + [("overall", "Overall", analysis.overallScore, "bar overall")]
        bars = rows.enumerated().map { row, entry in
            let y = 4 + row * Self.rowHeight
            return Bar(
                key: entry.0, label: entry.1, score: entry.2, y: y, textY: y + Self.barHeight - 3,
                valueX: Self.labelWidth + entry.2 + 4, kind: entry.3)
        }
        chartHeight = 8 + rows.count * Self.rowHeight
        let (best, worst) = analysis.extremes
        strongest = Pillar(
            name: best.rawValue.capitalized, score: analysis.score(best),
            feedback: analysis.feedbackV5.pair(best).positive)
        weakest = Pillar(
            name: worst.rawValue.capitalized, score: analysis.score(worst),
            feedback: analysis.feedbackV5.pair(worst).negative)
        doubleDownImplementation = analysis.actionPlanV5.doubleDownImplementation
        generalCommunicationImprovement = analysis.actionPlanV5.generalCommunicationImprovement
        quotedPrinciple = analysis.actionPlanV5.quotedPrinciple
        moments = analysis.moments.map {
            MomentRow(
                type: $0.type.rawValue.replacingOccurrences(of: "_", with: " "), timestamp: $0.timestamp,
                speaker: $0.speaker, quote: $0.quote,
                detail: $0.detail)
        }
        hasMoments = !moments.isEmpty
        talkShare = analysis.evidence[Analysis.Pillar.discovery.rawValue]?.measures["rep_talk_share"].map {
            "\(Int(($0 * 100).rounded())) %"
        }
        questionsAsked = analysis.questionsAsked
        wordsPerMinute = analysis.wordsPerMinute
        segmentAudio = segmentFile.map { "segments/" + ($0 as NSString).lastPathComponent }
        originalAudio = recordingURL.flatMap { url in
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
            // A media fragment: the browser seeks to the conversation and stops at its end.
            return
                "\(url.split(separator: "#", maxSplits: 1).first ?? "")#t=\(Playback.number(segment.startSeconds)),\(Playback.number(segment.endSeconds))"
        }
    }
}
