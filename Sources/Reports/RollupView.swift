import Foundation
import Scoring
import Sessions

/// Everything the rollup page shows (a rep, or a team, over a range of days), worded and measured
/// here so the template only places escaped values.
struct RollupView: Sendable {
    struct Stat: Sendable {
        var label: String
        var value: String
    }

    /// A conversation a manager should act on (`FollowUp`), with the moment to hear first.
    struct FollowUpRow: Sendable {
        var rank: Int
        var day: String
        var recording: String
        var rep: String
        var link: String?
        var time: String
        var customer: String
        var outcome: String
        var outcomeLabel: String
        var reason: String
        var overall: ScoreCell
        /// Plays the moment the reason quotes (or the call's start) from the call's own audio.
        var play: MomentLink?
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
        var outcomeLabel: String
        var overall: ScoreCell
        var figures: [InteractionCell]
        var play: MomentLink?
    }

    /// A span that is not a sales conversation, or one skipped, with why.
    struct SpanRow: Sendable {
        var kind: String
        var time: String
        var reason: String
    }

    struct RecordingRow: Sendable {
        var name: String
        var link: String?
        var rep: String
        var duration: String
        var summary: String
        var timeline: TimelineView?
        var conversations: [ConversationRow]
        var spans: [SpanRow]
        var hasRows: Bool
    }

    struct DaySection: Sendable {
        var day: String
        var recordings: [RecordingRow]
    }

    /// A count in a table row, named for the phone layout.
    struct Tally: Sendable {
        var label: String
        var value: Int

        static func outcomes(_ counts: [String: Int]) -> [Tally] {
            CallsPerDayChart.outcomes.map {
                Tally(label: $0.replacingOccurrences(of: "_", with: " "), value: counts[$0, default: 0])
            }
        }
    }

    struct DayRow: Sendable {
        var day: String
        var recordings: Int
        var conversations: Int
        var outcomes: [Tally]
        var cells: [ScoreCell]
    }

    /// One rep over the period: outcomes, scores, and the medians of the interaction figures.
    struct RepRow: Sendable {
        var rep: String
        var conversations: Int
        var outcomes: [Tally]
        var cells: [ScoreCell]
        var figures: [InteractionCell]
    }

    var title: String
    var range: String
    var stats: [Stat]
    var followUps: [FollowUpRow]
    var hasFollowUps: Bool
    var failures: [FailureRow]
    var hasFailures: Bool
    /// Nil for a single day: one bar is not a chart.
    var callsChart: CallsPerDayChart?
    /// Nil unless at least two days have analyses: a column of dots is not a trend.
    var trendChart: PillarTrendChart?
    var outcomeHeaders = CallsPerDayChart.outcomes.map { $0.replacingOccurrences(of: "_", with: " ") }
    var scoreHeaders = ScoreCell.headers
    var figureHeaders = InteractionCell.labels.map(\.1)
    var dayRows: [DayRow]
    var days: [DaySection]
    var reps: [RepRow]
    var repsTitle: String
    var hasReps: Bool
    var empty: Bool

    init(entries: [ReportEntry], scope: RollupScope) {
        let entries = entries.sorted {
            ($0.day, $0.session.createdAt, $0.session.id) < ($1.day, $1.session.createdAt, $1.session.id)
        }
        let repIDs = Set(entries.compactMap(\.session.partnerRepID)).sorted()
        let orgs = Set(entries.compactMap(\.session.partnerOrgID)).sorted()
        let who =
            scope.rep ?? (repIDs.count == 1 ? repIDs[0] : repIDs.isEmpty ? "No recordings" : "\(repIDs.count) reps")
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
        var failures: [FailureRow] = []
        var sections: [String: [RecordingRow]] = [:]
        var figuresByRep: [String: [InteractionFigures]] = [:]
        for entry in entries {
            for figures in entry.interaction.sorted(by: { $0.key < $1.key }).map(\.value) {
                figuresByRep[entry.session.partnerRepID ?? "—", default: []].append(figures)
            }
        }
        let medians = figuresByRep.compactMapValues { InteractionMedians($0) }

        for entry in entries {
            let session = entry.session
            let name = SessionReportView.name(of: session)
            if let error = session.error, session.status == .failed {
                failures.append(
                    FailureRow(
                        day: entry.day, recording: name, link: entry.bundleReport, code: error.code,
                        message: error.message, advice: FailureAdvice.text(for: error.code)))
            }
            let analyzed = entry.analysisBySegment
            var rows: [ConversationRow] = []
            var spans: [SpanRow] = []
            for (index, segment) in session.segments.enumerated() {
                let time = "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))"
                guard segment.isSalesConversation, segment.status != .skipped else {
                    spans.append(
                        SpanRow(
                            kind: segment.isSalesConversation ? "sales, skipped" : segment.kind.rawValue, time: time,
                            reason: segment.statusReason))
                    continue
                }
                let analysis = analyzed[index]?.analysis
                rows.append(
                    ConversationRow(
                        customer: segment.customerName ?? "Unknown customer", link: Self.link(entry, index, analysis),
                        time: time, status: segment.status.rawValue.replacingOccurrences(of: "_", with: " "),
                        outcome: segment.detectedOutcome.rawValue,
                        outcomeLabel: segment.detectedOutcome.rawValue.replacingOccurrences(of: "_", with: " "),
                        overall: ScoreCell(analysis?.overallScore),
                        figures: InteractionCell.row(entry.interaction[index]),
                        play: Self.player(entry, index).link(at: segment.startSeconds)))
            }
            let summary =
                session.status == .failed
                ? "failed: \(session.error?.code ?? "?")"
                : "\(session.conversations.count) conversation\(session.conversations.count == 1 ? "" : "s"), \(session.segmentsAnalyzed) analyzed"
                    + (session.segments.count > session.conversations.count
                        ? ", \(session.segments.count - session.conversations.count) other span\(session.segments.count - session.conversations.count == 1 ? "" : "s")"
                        : "")
            sections[entry.day, default: []].append(
                RecordingRow(
                    name: name, link: entry.bundleReport, rep: session.partnerRepID ?? "—",
                    duration: session.durationSeconds.map { Quote.clock(Double($0)) } ?? "—", summary: summary,
                    timeline: session.status == .failed
                        ? nil
                        : TimelineView(
                            session: session,
                            overallScores: session.segments.indices.map { analyzed[$0]?.analysis?.overallScore }),
                    conversations: rows, spans: spans, hasRows: !rows.isEmpty || !spans.isEmpty))
        }

        followUps = FollowUp.ranked(entries).map { item in
            let segment = item.segment
            let analysis = item.analysis
            return FollowUpRow(
                rank: item.rank.rawValue, day: item.entry.day,
                recording: SessionReportView.name(of: item.entry.session),
                rep: item.entry.session.partnerRepID ?? "—", link: Self.link(item.entry, item.segmentIndex, analysis),
                time: "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))",
                customer: segment.customerName ?? "Unknown customer", outcome: segment.detectedOutcome.rawValue,
                outcomeLabel: segment.detectedOutcome.rawValue.replacingOccurrences(of: "_", with: " "),
                reason: item.reason, overall: ScoreCell(analysis?.overallScore),
                play: Self.player(item.entry, item.segmentIndex).link(
                    at: item.moment?.startSeconds ?? segment.startSeconds))
        }
        hasFollowUps = !followUps.isEmpty
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
        callsChart = dayList.count > 1 ? CallsPerDayChart(days: dayList, counts: perDay.mapValues(\.outcomes)) : nil
        let means = perDay.compactMapValues { day -> [String: Double]? in
            let means = day.scores.keys.reduce(into: [String: Double]()) { $0[$1] = day.mean($1) }
            return means.isEmpty ? nil : means
        }
        trendChart = means.count > 1 ? PillarTrendChart(days: dayList, means: means) : nil
        let keys = Analysis.Pillar.allCases.map(\.rawValue) + ["overall"]
        dayRows = dayList.map { day in
            let figures = perDay[day] ?? RollupFigures()
            return DayRow(
                day: day, recordings: figures.recordings, conversations: figures.conversations,
                outcomes: Tally.outcomes(figures.outcomes),
                cells: ScoreCell.labelled(keys.map { ScoreCell.mean(figures.scores[$0] ?? []) }))
        }
        days = dayList.compactMap { day in sections[day].map { DaySection(day: day, recordings: $0) } }
        let byRep = Dictionary(grouping: entries) { $0.session.partnerRepID ?? "—" }
        reps = byRep.keys.sorted().map { rep in
            let figures = RollupFigures(byRep[rep] ?? [])
            return RepRow(
                rep: rep, conversations: figures.conversations,
                outcomes: Tally.outcomes(figures.outcomes),
                cells: ScoreCell.labelled(keys.map { ScoreCell.mean(figures.scores[$0] ?? []) }),
                figures: InteractionCell.medians(medians[rep]))
        }
        hasReps = !reps.isEmpty
        repsTitle =
            reps.count > 1
            ? "Reps side by side" : "\(reps.first?.rep ?? "The rep") over the period: scores and interaction medians"
    }

    /// The conversation's section of its bundle page (the page itself when it was not analyzed).
    static func link(_ entry: ReportEntry, _ index: Int, _ analysis: Analysis?) -> String? {
        entry.bundleReport.map { analysis == nil ? $0 : "\($0)#conv-\(index + 1)" }
    }

    static func player(_ entry: ReportEntry, _ index: Int) -> MomentLink.Player {
        let segment = entry.session.segments[index]
        return MomentLink.Player(
            segmentFile: entry.segmentLinks[index], recordingURL: entry.session.recordingURL,
            startSeconds: segment.startSeconds, endSeconds: segment.endSeconds)
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
