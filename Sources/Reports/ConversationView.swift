import Foundation
import Scoring
import Sessions
import Transcripts

/// One analyzed conversation in the report, in the order a manager reads it: the outcome and
/// overall score, the interaction figures, the player with the transcript under it, the moments,
/// the coaching, then the pillar bars and the action plan. Every time on it is a link that plays
/// that moment (`MomentLink`).
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

    struct MomentRow: Sendable {
        var type: String
        var link: MomentLink
        var speaker: String
        var quote: String
        var detail: String
    }

    /// One utterance of the transcript, on the player's clock.
    struct Line: Sendable {
        var link: MomentLink
        /// `rep`, `customer` or `unknown`: the CSS class.
        var role: String
        var speaker: String
        var text: String
    }

    static let labelWidth = 90
    static let barHeight = 14
    static let rowHeight = 20

    var number: Int
    var customer: String
    var timeRange: String
    var outcome: String
    var outcomeLabel: String
    var confidence: String
    var overallScore: Int
    var overallGrade: String
    var recordingTitle: String
    var aiSummary: String
    var figures: [InteractionCell]
    /// "Medians of the 4 analyzed calls in this recording", or nil with a single call.
    var figuresBaseline: String?
    var bars: [Bar]
    var chartHeight: Int
    var strongest: CoachingView
    var weakest: CoachingView
    var doubleDownImplementation: String
    var generalCommunicationImprovement: String
    var quotedPrinciple: String
    var moments: [MomentRow]
    /// For the table's frame (a section over `moments` would repeat it).
    var hasMoments: Bool
    var lines: [Line]
    var hasLines: Bool
    /// The call's phases and key moments, drawn under the player; nil for an analysis without a timeline.
    var phases: PhaseStripView?
    var segmentAudio: String?
    var originalAudio: String?

    /// `index` is the segment's place in `session.segments`; `segmentFile` its stream-copied audio
    /// relative to the page; `slice` the call's words and `speakers` the recording's (nil and
    /// empty: no transcript at hand, no lines shown); `figures` its interaction figures and
    /// `baseline` the medians they are set beside.
    init(
        index: Int, segment: SegmentRecord, analysis: Analysis, recordingURL: String?, segmentFile: String?,
        slice: CallSlice?, speakers: [Speaker], figures: InteractionFigures?, baseline: InteractionMedians?
    ) {
        number = index + 1
        customer = segment.customerName ?? analysis.prospectName ?? "Unknown customer"
        timeRange = "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))"
        outcome = segment.detectedOutcome.rawValue
        outcomeLabel = outcome.replacingOccurrences(of: "_", with: " ")
        confidence = TimelineView.number(segment.confidence)
        overallScore = analysis.overallScore
        overallGrade = ScoreCell(analysis.overallScore).grade
        recordingTitle = analysis.recordingTitle
        aiSummary = analysis.aiSummary
        let player = MomentLink.Player(
            segmentFile: segmentFile, recordingURL: recordingURL, startSeconds: segment.startSeconds,
            endSeconds: segment.endSeconds)

        self.figures = InteractionCell.row(figures, baseline: baseline)
        figuresBaseline = baseline.map { "medians of the \($0.calls) analyzed calls in this recording" }
        let roles = Dictionary(speakers.map { ($0.id, $0.role) }, uniquingKeysWith: { first, _ in first })
        lines = (slice?.utterances ?? []).map { utterance in
            let role = utterance.speaker.flatMap { roles[$0] } ?? .unknown
            let speaker =
                switch role {
                case .rep: "Rep"
                case .customer: "Customer"
                case .unknown: utterance.speaker.map { "Speaker \($0 + 1)" } ?? "Speaker"
                }
            return Line(
                link: player.link(at: utterance.start), role: role.rawValue, speaker: speaker,
                text: utterance.transcript)
        }
        hasLines = !lines.isEmpty

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
        strongest = CoachingView(
            pillar: best, analysis: analysis, feedback: analysis.feedbackV5.pair(best).positive, player: player)
        weakest = CoachingView(
            pillar: worst, analysis: analysis, feedback: analysis.feedbackV5.pair(worst).negative, player: player)
        // The action plan's lines coach the strongest and the weakest pillar: held to them the same way.
        doubleDownImplementation =
            CoachingView.holding(
                analysis.actionPlanV5.doubleDownImplementation, to: best, analysis: analysis
            ).0
        generalCommunicationImprovement =
            CoachingView.holding(
                analysis.actionPlanV5.generalCommunicationImprovement, to: worst, analysis: analysis
            ).0
        quotedPrinciple = analysis.actionPlanV5.quotedPrinciple
        phases = PhaseStripView(analysis.timeline, segment: segment, player: player)
        // The timeline's key moments (numbered) where the analysis has them, else its moments.
        moments =
            analysis.timeline.map { timeline in
                timeline.moments.map {
                    MomentRow(
                        type: $0.type.replacingOccurrences(of: "_", with: " "), link: player.link(at: $0.startSeconds),
                        speaker: $0.speaker, quote: $0.quote, detail: $0.id)
                }
            }
            ?? analysis.moments.map {
                MomentRow(
                    type: $0.type.rawValue.replacingOccurrences(of: "_", with: " "),
                    link: player.link(at: $0.startSeconds), speaker: $0.speaker, quote: $0.quote, detail: $0.detail)
            }
        hasMoments = !moments.isEmpty
        segmentAudio = segmentFile
        // A media fragment: the browser seeks to the conversation and stops at its end.
        originalAudio = player.originalURL.map {
            "\($0)#t=\(Playback.number(segment.startSeconds)),\(Playback.number(segment.endSeconds))"
        }
    }
}
