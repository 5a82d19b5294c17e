import Scoring
import Sessions

/// A sales conversation a manager should act on, and how urgently: the rollup page's and the
/// agents' follow-up list, ranked the same way in both.
///
/// Ranks, first to last (within a rank, by day and time):
/// 1. still open with a dated next step: a promise with a date to keep;
/// 2. lost on price or timing: the customer named an objection a budget or a date can change;
/// 3. left for review: below the confidence to analyze, so a person should listen;
/// 4. still open or undecided with no dated step: worth a call to set one.
/// Won calls, other lost calls and spans that are not sales (or were skipped) are not listed.
public struct FollowUp: Sendable {
    public enum Rank: Int, Sendable, Comparable {
        case datedNextStep = 1
        case recoverableLoss, review, open

        public static func < (a: Rank, b: Rank) -> Bool { a.rawValue < b.rawValue }
    }

    public var entry: ReportEntry
    public var segmentIndex: Int
    /// The call's analysis, when it was analyzed.
    public var analysis: Analysis?
    public var rank: Rank
    /// Why it is listed, in words a manager reads: the quote that makes it urgent when there is one.
    public var reason: String
    /// The moment the reason quotes (the dated step, the objection), to hear first; nil when none.
    public var moment: Moment?

    public var segment: SegmentRecord { entry.session.segments[segmentIndex] }

    /// The conversations of `entries` that need follow-up, most urgent first.
    public static func ranked(_ entries: [ReportEntry]) -> [FollowUp] {
        var found: [FollowUp] = []
        for entry in entries {
            let analyses = entry.analysisBySegment
            for (index, segment) in entry.session.segments.enumerated() {
                let analysis = analyses[index]?.analysis
                guard let (rank, reason, moment) = judge(segment, analysis) else { continue }
                found.append(
                    FollowUp(
                        entry: entry, segmentIndex: index, analysis: analysis, rank: rank, reason: reason,
                        moment: moment))
            }
        }
        return found.enumerated().sorted { a, b in
            (a.element.rank, a.element.entry.day, a.element.segment.startSeconds, a.offset)
                < (b.element.rank, b.element.entry.day, b.element.segment.startSeconds, b.offset)
        }.map(\.element)
    }

    static func judge(_ segment: SegmentRecord, _ analysis: Analysis?) -> (Rank, String, Moment?)? {
        guard segment.isSalesConversation, segment.status != .skipped else { return nil }
        if segment.status == .needsReview {
            return (
                .review,
                "needs review: confidence \(TimelineView.number(segment.confidence)) is below the threshold to analyze",
                nil
            )
        }
        let moments = analysis?.moments ?? []
        switch segment.detectedOutcome {
        case .won:
            return nil
        case .lost:
            let objections = moments.filter { !$0.objectionCategories.isEmpty }
            guard
                let objection = objections.first(where: {
                    $0.objectionCategories.contains("price") || $0.objectionCategories.contains("timing")
                })
            else { return nil }
            let categories = objection.objectionCategories.filter { $0 == "price" || $0 == "timing" }
            return (
                .recoverableLoss,
                "lost on \(categories.joined(separator: " and ")), which can change: “\(objection.quote)” at \(objection.timestamp)",
                objection
            )
        case .ongoing, .noDecision:
            let open = segment.detectedOutcome == .ongoing ? "still open" : "no decision"
            if let step = moments.last(where: \.isDated) {
                return (.datedNextStep, "\(open); dated next step at \(step.timestamp): “\(step.quote)”", step)
            }
            if let step = moments.last(where: { $0.type == .nextStep }) {
                return (.open, "\(open); next step with no date at \(step.timestamp): “\(step.quote)”", step)
            }
            return (.open, "\(open); no next step was agreed", nil)
        }
    }
}
