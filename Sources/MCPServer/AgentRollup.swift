import Reports
import Sessions

/// `get_rollup`: a rep's day (or days) at a glance, the calls that need follow-up first, ranked as
/// on the rollup page (`FollowUp`: a dated next step, a loss on price or timing, left for review,
/// open without a date); every other call, what is not a sale included, comes after.
struct AgentRollup: Encodable {
    struct Call: Encodable {
        let sessionID: String
        let segmentID: String
        let day: String
        let startSeconds: Double
        let endSeconds: Double
        let customerName: String?
        let detectedOutcome: String
        let status: String
        let summary: String
        let analysisID: String?
        let overallScore: Int?
        /// Why it is in the follow-up list; nil for the others.
        let followUp: String?

        enum CodingKeys: String, CodingKey {
            case day, status, summary
            case sessionID = "session_id"
            case segmentID = "segment_id"
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
            case customerName = "customer_name"
            case detectedOutcome = "detected_outcome"
            case analysisID = "analysis_id"
            case overallScore = "overall_score"
            case followUp = "follow_up"
        }
    }

    let repID: String
    let orgID: String?
    let since: String?
    let until: String?
    let recordings: Int
    let failedRecordings: Int
    let conversations: Int
    let analyzed: Int
    let pendingReview: Int
    let outcomes: [String: Int]
    /// Each pillar's mean over the calls that measured it, and `overall`'s, to one decimal.
    let meanScores: [String: Double]
    let followUp: [Call]
    let otherCalls: [Call]

    enum CodingKeys: String, CodingKey {
        case since, until, recordings, conversations, analyzed, outcomes
        case repID = "rep_id"
        case orgID = "org_id"
        case failedRecordings = "failed_recordings"
        case pendingReview = "pending_review"
        case meanScores = "mean_scores"
        case followUp = "follow_up"
        case otherCalls = "other_calls"
    }

    init(rep: String, scope: RollupScope, entries: [ReportEntry]) {
        let figures = RollupFigures(entries)
        repID = rep
        orgID = scope.org
        since = scope.since
        until = scope.until
        recordings = figures.recordings
        failedRecordings = figures.failed
        conversations = figures.conversations
        analyzed = figures.analyzed
        pendingReview = figures.review
        outcomes = figures.outcomes
        meanScores = figures.scores.keys.reduce(into: [:]) { means, pillar in
            means[pillar] = figures.mean(pillar).map { ($0 * 10).rounded() / 10 }
        }
        func call(_ entry: ReportEntry, _ index: Int, overallScore: Int?, followUp: String?) -> Call {
            let segment = entry.session.segments[index]
            return Call(
                sessionID: entry.session.id, segmentID: segment.id, day: entry.day,
                startSeconds: segment.startSeconds, endSeconds: segment.endSeconds,
                customerName: segment.customerName, detectedOutcome: segment.detectedOutcome.rawValue,
                status: segment.status.rawValue, summary: segment.summary, analysisID: segment.analysisID,
                overallScore: overallScore, followUp: followUp)
        }
        let ranked = FollowUp.ranked(entries)
        followUp = ranked.map {
            call($0.entry, $0.segmentIndex, overallScore: $0.analysis?.overallScore, followUp: $0.reason)
        }
        let listed = Set(ranked.map { "\($0.entry.session.id)/\($0.segmentIndex)" })
        otherCalls = entries.sorted(by: { ($0.day, $0.session.createdAt) < ($1.day, $1.session.createdAt) }).flatMap {
            entry in
            let analyses = entry.analysisBySegment
            return entry.session.segments.indices.filter { !listed.contains("\(entry.session.id)/\($0)") }.map {
                call(entry, $0, overallScore: analyses[$0]?.analysis?.overallScore, followUp: nil)
            }
        }
    }
}
