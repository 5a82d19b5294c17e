import Foundation
import Scoring
import Sessions

/// Everything the rollup page shows (a rep over a range of days), worded and measured here so the
/// template only places escaped values.
struct RollupView: Sendable {
    struct Stat: Sendable {
        var label: String
        var value: String
    }

    /// A conversation a manager should look at first: left for review, or still open.
    struct AttentionRow: Sendable {
        var day: String
        var recording: String
        var link: String?
        var time: String
        var customer: String
        var outcome: String
        var reason: String
        var overall: ScoreCell
    }

    struct FailureRow: Sendable {
        var day: String
        var recording: String
        var link: String?
        var code: String
        var message: String
        var advice: String
    }

    struct ConversationRow: Sendable {
        var customer: String
        var link: String?
        var time: String
        var status: String
        var outcome: String
        var cells: [ScoreCell]
    }

    struct RecordingRow: Sendable {
        var name: String
        var link: String?
        var rep: String
        var duration: String
        var summary: String
        var timeline: TimelineView?
        var conversations: [ConversationRow]
        var hasConversations: Bool
    }

    struct DaySection: Sendable {
        var day: String
        var recordings: [RecordingRow]
    }

    struct DayRow: Sendable {
        var day: String
        var recordings: Int
        var conversations: Int
        var outcomes: [Int]
        var cells: [ScoreCell]
    }

    var title: String
    var range: String
    var stats: [Stat]
    var attention: [AttentionRow]
    var hasAttention: Bool
    var failures: [FailureRow]
    var hasFailures: Bool
    var callsChart: CallsPerDayChart
    var trendChart: PillarTrendChart?
    var outcomeHeaders = CallsPerDayChart.outcomes.map { $0.replacingOccurrences(of: "_", with: " ") }
    var scoreHeaders = ScoreCell.headers
    var dayRows: [DayRow]
    var days: [DaySection]
    var empty: Bool

    init(entries: [ReportEntry], scope: RollupScope) {
        let entries = entries.sorted {
            ($0.day, $0.session.createdAt, $0.session.id) < ($1.day, $1.session.createdAt, $1.session.id)
        }
        let reps = Set(entries.compactMap(\.session.partnerRepID)).sorted()
        let orgs = Set(entries.compactMap(\.session.partnerOrgID)).sorted()
        let who = scope.rep ?? (reps.count == 1 ? reps[0] : reps.isEmpty ? "No recordings" : "\(reps.count) reps")
        title = who + ((scope.org ?? (orgs.count == 1 ? orgs.first : nil)).map { " · \($0)" } ?? "")
        let present = entries.map(\.day)
        let first = scope.since ?? present.min()
        let last = scope.until ?? present.max()
        range =
            switch (first, last) {
            case (let first?, let last?) where first != last: "\(first) – \(last)"
            case (let day?, _), (nil, let day?): day
            case (nil, nil): "no recordings"
            }
        // Every day of the range, so a day without calls shows as a gap; only days with data past a year.
        let dayList =
            first.flatMap { first in last.flatMap { ReportEntry.days(from: first, through: $0) } }
            ?? Array(Set(present)).sorted()
        empty = entries.isEmpty

        let totals = RollupFigures(entries)
        let perDay = RollupFigures.byDay(entries)
        var attention: [AttentionRow] = []
        var failures: [FailureRow] = []
        var sections: [String: [RecordingRow]] = [:]

        for entry in entries {
            let session = entry.session
            let day = entry.day
            let name = SessionReportView.name(of: session)
            if let error = session.error, session.status == .failed {
                failures.append(
                    FailureRow(
                        day: day, recording: name, link: entry.bundleReport, code: error.code, message: error.message,
                        advice: FailureAdvice.text(for: error.code)))
            }
            let analyzed = entry.analysisBySegment
            var rows: [ConversationRow] = []
            for (index, segment) in session.segments.enumerated() where segment.isSalesConversation {
                let analysis = analyzed[index]?.analysis
                let time = "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))"
                let customer = segment.customerName ?? "Unknown customer"
                let link = entry.bundleReport.map { analysis == nil ? $0 : "\($0)#conv-\(index + 1)" }
                let outcome = segment.detectedOutcome.rawValue.replacingOccurrences(of: "_", with: " ")
                rows.append(
                    ConversationRow(
                        customer: customer, link: link, time: time,
                        status: segment.status.rawValue.replacingOccurrences(of: "_", with: " "),
                        outcome: outcome, cells: ScoreCell.row(analysis)))
                if let reason = Self.attentionReason(segment, analysis) {
                    attention.append(
                        AttentionRow(
                            day: day, recording: name, link: link, time: time, customer: customer, outcome: outcome,
                            reason: reason,
                            overall: ScoreCell(analysis?.overallScore)))
                }
            }
            let summary =
                session.status == .failed
                ? "failed: \(session.error?.code ?? "?")"
                : "\(session.conversations.count) conversation\(session.conversations.count == 1 ? "" : "s"), \(session.segmentsAnalyzed) analyzed"
                    + (session.segments.count > session.conversations.count
                        ? ", \(session.segments.count - session.conversations.count) other span\(session.segments.count - session.conversations.count == 1 ? "" : "s")"
                        : "")
            sections[day, default: []].append(
                RecordingRow(
                    name: name, link: entry.bundleReport, rep: session.partnerRepID ?? "—",
                    duration: session.durationSeconds.map { Quote.clock(Double($0)) } ?? "—", summary: summary,
                    timeline: session.status == .failed
                        ? nil
                        : TimelineView(
                            session: session,
                            overallScores: session.segments.indices.map { analyzed[$0]?.analysis?.overallScore }),
                    conversations: rows, hasConversations: !rows.isEmpty))
        }

        // Left for review before still-open deals; each group in day order.
        self.attention = attention.enumerated().sorted { a, b in
            let rank = { (row: AttentionRow) in row.reason.hasPrefix("needs review") ? 0 : 1 }
            return (rank(a.element), a.offset) < (rank(b.element), b.offset)
        }.map(\.element)
        hasAttention = !attention.isEmpty
        self.failures = failures
        hasFailures = !failures.isEmpty
        stats =
            [
                Stat(label: "recordings", value: "\(totals.recordings)"),
                Stat(label: "failed", value: "\(totals.failed)"),
                Stat(label: "conversations", value: "\(totals.conversations)"),
                Stat(label: "analyzed", value: "\(totals.analyzed)"),
                Stat(label: "need review", value: "\(totals.review)"),
            ]
            + CallsPerDayChart.outcomes.map { outcome in
                Stat(
                    label: outcome.replacingOccurrences(of: "_", with: " "),
                    value: "\(totals.outcomes[outcome, default: 0])")
            } + [Stat(label: "mean overall", value: ScoreCell.mean(totals.scores["overall"] ?? []).value)]
        callsChart = CallsPerDayChart(days: dayList, counts: perDay.mapValues(\.outcomes))
        let means = perDay.compactMapValues { day -> [String: Double]? in
            let means = day.scores.keys.reduce(into: [String: Double]()) { $0[$1] = day.mean($1) }
            return means.isEmpty ? nil : means
        }
        trendChart = means.isEmpty ? nil : PillarTrendChart(days: dayList, means: means)
        dayRows = dayList.map { day in
            let keys = Analysis.Pillar.allCases.map(\.rawValue) + ["overall"]
            let figures = perDay[day] ?? RollupFigures()
            return DayRow(
                day: day, recordings: figures.recordings, conversations: figures.conversations,
                outcomes: CallsPerDayChart.outcomes.map { figures.outcomes[$0, default: 0] },
                cells: keys.map { ScoreCell.mean(figures.scores[$0] ?? []) })
        }
        days = dayList.compactMap { day in sections[day].map { DaySection(day: day, recordings: $0) } }
    }

    /// Why a conversation comes first: it was left for review (below the confidence to analyze),
    /// or the deal is still open (ongoing, no decision) and needs a follow-up. Skipped spans (too
    /// unsure to be a sales call) never are.
    static func attentionReason(_ segment: SegmentRecord, _ analysis: Analysis?) -> String? {
        if segment.status == .skipped { return nil }
        if segment.status == .needsReview {
            return
                "needs review: confidence \(TimelineView.number(segment.confidence)) is below the threshold to analyze"
        }
        guard segment.detectedOutcome == .ongoing || segment.detectedOutcome == .noDecision else { return nil }
        let open = segment.detectedOutcome == .ongoing ? "follow up: still open" : "follow up: no decision"
        if let next = analysis?.moments.last(where: { $0.type == .nextStep }) {
            return "\(open); next step at \(next.timestamp): “\(next.quote)”"
        }
        return open + "; no next step was agreed"
    }
}

/// What the rollup covers: a rep (or all), an org (or all), and a range of days (inclusive).
public struct RollupScope: Sendable {
    public var org: String?
    public var rep: String?
    public var since: String?
    public var until: String?

    public init(org: String? = nil, rep: String? = nil, since: String? = nil, until: String? = nil) {
        self.org = org
        self.rep = rep
        self.since = since
        self.until = until
    }

    /// Whether the entry's recording is in scope (org and rep are the database's filter).
    public func contains(_ entry: ReportEntry) -> Bool {
        let day = entry.day
        return (since.map { day >= $0 } ?? true) && (until.map { day <= $0 } ?? true)
            && (org.map { entry.session.partnerOrgID == $0 } ?? true)
            && (rep.map { entry.session.partnerRepID == $0 } ?? true)
    }
}
