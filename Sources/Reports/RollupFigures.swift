import Scoring

/// The rollup's figures over report entries, computed once for the text and JSON of `callsift
/// report` and for the HTML page: recordings and failures, sales conversations by outcome, how many
/// were analyzed or left for review, and each pillar's measured scores. A pillar a call gave
/// nothing to measure (a neutral 50) stays out of its mean, as it stays out of the call's overall.
public struct RollupFigures: Sendable, Equatable {
    public var recordings = 0
    public var failed = 0
    public var conversations = 0
    public var analyzed = 0
    public var review = 0
    /// Sales conversations by outcome (`won`, `no_decision`, …).
    public var outcomes: [String: Int] = [:]
    /// Each pillar's measured scores, and `overall`'s.
    public var scores: [String: [Int]] = [:]

    public init() {}

    /// The figures of `entries` together.
    public init(_ entries: [ReportEntry]) {
        for entry in entries { add(entry) }
    }

    /// The figures of each day (`ReportEntry.day`).
    public static func byDay(_ entries: [ReportEntry]) -> [String: RollupFigures] {
        var days: [String: RollupFigures] = [:]
        for entry in entries { days[entry.day, default: RollupFigures()].add(entry) }
        return days
    }

    /// The mean of a pillar's (or `overall`'s) measured scores; nil when none was measured.
    public func mean(_ pillar: String) -> Double? {
        guard let scores = scores[pillar], !scores.isEmpty else { return nil }
        return Double(scores.reduce(0, +)) / Double(scores.count)
    }

    mutating func add(_ entry: ReportEntry) {
        recordings += 1
        if entry.session.status == .failed { failed += 1 }
        let analyzedBySegment = entry.analysisBySegment
        for (index, segment) in entry.session.segments.enumerated() where segment.isSalesConversation {
            conversations += 1
            outcomes[segment.detectedOutcome.rawValue, default: 0] += 1
            if segment.status == .needsReview { review += 1 }
            guard let analysis = analyzedBySegment[index]?.analysis else { continue }
            analyzed += 1
            let unmeasured = Set(analysis.synthesisSnapshot.unmeasuredPillars)
            for pillar in Analysis.Pillar.allCases where !unmeasured.contains(pillar.rawValue) {
                scores[pillar.rawValue, default: []].append(analysis.score(pillar))
            }
            scores["overall", default: []].append(analysis.overallScore)
        }
    }
}
