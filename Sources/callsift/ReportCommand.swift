import ArgumentParser
import Foundation
import Reports
import Scoring
import Sessions
import Transcripts

/// The rollup: every session of the database, its conversations with customer, outcome and
/// scores, then the totals ("Alex's Tuesday at a glance"); as text, JSON, or an HTML page.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The rollup of a run's database: conversations, outcomes and scores per recording, then totals.",
        discussion: """
            A recording's day is its manifest `date` (a {date} folder or a CSV column), else metadata.recorded_at, \
            else the day it was processed. --html writes one self-contained page: calls per day, outcomes, pillar \
            trends, the conversations to review or follow up first, failures, and each recording's timeline.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option var org: String?
    @Option var rep: String?
    @Option(help: "The first day to include (YYYY-MM-DD).") var since: String?
    @Option(help: "The last day to include (YYYY-MM-DD).") var until: String?
    @Option(help: "Also write the rollup as one HTML page to this file.") var html: String?
    @Flag(help: "Write every bundle's report.html again from the database (needs --manifest for the bundles' folder).")
    var rebuild = false
    @Flag(help: "One JSON object: the totals and every conversation (the same as --format json).") var json = false
    @Option(
        help: """
            text (the default), json, or a table for a data team: csv or jsonl, one row per conversation \
            (every kind) and per failed recording, pillars null where unmeasured.
            """)
    var format: Format?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv, jsonl
    }

    /// --json is --format json.
    var chosenFormat: Format { format ?? (json ? .json : .text) }

    func validate() throws {
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, ReportEntry.day(value) != value {
                throw ValidationError("\(flag) takes a day as YYYY-MM-DD, not '\(value)'.")
            }
        }
        if let since, let until, since > until { throw ValidationError("--since \(since) is after --until \(until).") }
        if json, let format, format != .json {
            throw ValidationError("--json is --format json: give one or the other, not --format \(format.rawValue).")
        }
        if rebuild && database.manifest == nil {
            throw ValidationError("--rebuild needs --manifest: the manifest's output is where the bundles are.")
        }
    }

    /// A sales conversation in `--format json`: who, when, how it went, its scores (a pillar that
    /// could not be measured is null, never a stand-in number).
    struct Row: Encodable {
        let sessionID: String
        let analysisID: String?
        let orgID, repID: String?
        let day, recording: String
        let start, end: Double
        let customer: String?
        let outcome, status: String
        let confidence: Double
        let overall: Int?
        let scores: [String: Int?]?
        let title, nextStep: String?

        enum CodingKeys: String, CodingKey {
            case day, recording, start, end, customer, outcome, status, confidence, overall, scores, title
            case sessionID = "session_id"
            case analysisID = "analysis_id"
            case orgID = "org_id"
            case repID = "rep_id"
            case nextStep = "next_step"
        }
    }

    /// The JSON totals: the rollup's figures, each mean to one decimal.
    struct Totals: Encodable {
        let recordings, failed, conversations, analyzed: Int
        let outcomes: [String: Int]
        let meanScores: [String: Double]

        init(_ figures: RollupFigures) {
            (recordings, failed, conversations, analyzed) = (
                figures.recordings, figures.failed, figures.conversations, figures.analyzed
            )
            outcomes = figures.outcomes
            meanScores =
                figures.analyzed == 0
                ? [:]
                : figures.scores.keys.reduce(into: [:]) { means, pillar in
                    means[pillar] = figures.mean(pillar).map { ($0 * 10).rounded() / 10 }
                }
        }

        enum CodingKeys: String, CodingKey {
            case recordings, failed, conversations, analyzed, outcomes
            case meanScores = "mean_scores"
        }
    }

    func run() async throws {
        let json = chosenFormat != .text
        let store = try await database.reader()
        let scope = RollupScope(org: org, rep: rep, since: since, until: until)
        let source = ReportSource(
            store: store, output: try database.manifest.map { try BatchCLI.load($0, json: json).0.manifest.output })
        if rebuild {
            let pages = try await source.rebuildBundleReports(scope: scope)
            // On standard error with --json: standard output is then one JSON object.
            if json {
                Output.error("rebuilt \(pages.count) bundle report(s)")
            } else {
                Output.line("rebuilt \(pages.count) bundle report(s)")
            }
        }
        let pageDirectory = html.map {
            (URL(fileURLWithPath: $0).standardizedFileURL.path as NSString).deletingLastPathComponent
        }
        let entries = try await source.entries(scope: scope, pageDirectory: pageDirectory)
        switch chosenFormat {
        case .csv, .jsonl:
            try writePage(entries, scope: scope, directory: pageDirectory)
            let rows = ConversationExport.rows(entries)
            Output.raw(chosenFormat == .csv ? ConversationExport.csv(rows) : try ConversationExport.jsonLines(rows))
            return
        case .text, .json:
            break
        }
        var rows: [Row] = []
        let totals = Totals(RollupFigures(entries))
        for entry in entries {
            let session = entry.session
            let name = session.recordingURL.map { ($0 as NSString).lastPathComponent } ?? session.id
            if session.status == .failed {
                if !json {
                    Output.line("\(name): failed: \(session.error?.code ?? "?"): \(session.error?.message ?? "")")
                }
                continue
            }
            if !json {
                Output.line(
                    "\(name): \(session.conversations.count) conversation(s), \(session.segmentsAnalyzed) analyzed")
            }
            let analyzed = entry.analysisBySegment
            for (index, segment) in session.segments.enumerated() where segment.isSalesConversation {
                let analysis = analyzed[index]?.analysis
                rows.append(
                    Row(
                        sessionID: session.id, analysisID: segment.analysisID, orgID: session.partnerOrgID,
                        repID: session.partnerRepID, day: entry.day, recording: name, start: segment.startSeconds,
                        end: segment.endSeconds, customer: segment.customerName,
                        outcome: segment.detectedOutcome.rawValue, status: segment.status.rawValue,
                        confidence: segment.confidence, overall: analysis?.overallScore,
                        scores: analysis?.measuredScores,
                        title: analysis?.recordingTitle, nextStep: analysis?.lastNextStep))
                if !json {
                    var line =
                        "  \(TimeSpan.clock(segment.startSeconds))–\(TimeSpan.clock(segment.endSeconds)) "
                        + "\(segment.customerName ?? "?") · \(segment.detectedOutcome.rawValue) · \(segment.status.rawValue)"
                    if let analysis { line += " · overall \(analysis.overallScore) · \(analysis.recordingTitle)" }
                    Output.line(line)
                }
            }
        }
        try writePage(entries, scope: scope, directory: pageDirectory)
        if json {
            Output.json(
                ["totals": AnyEncodable(totals), "conversations": AnyEncodable(rows)] as [String: AnyEncodable])
            return
        }
        defer { if let html { Output.line("wrote \(html)") } }
        let outcomes = totals.outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
            separator: ", ")
        Output.line(
            "\(totals.recordings) recording(s) (\(totals.failed) failed): \(totals.conversations) conversation(s) (\(outcomes.isEmpty ? "none" : outcomes)), \(totals.analyzed) analyzed"
        )
        if totals.analyzed > 0 {
            let pillars = (["overall"] + Analysis.Pillar.allCases.map(\.rawValue)).map {
                "\($0) \(String(format: "%.1f", totals.meanScores[$0] ?? 0))"
            }
            Output.line("mean scores: " + pillars.joined(separator: ", "))
        }
    }
}

extension ReportCommand {
    /// The --html page, when asked for.
    func writePage(_ entries: [ReportEntry], scope: RollupScope, directory: String?) throws {
        guard let html else { return }
        let page = try RollupReport.render(entries: entries, scope: scope)
        try FileManager.default.createDirectory(atPath: directory ?? ".", withIntermediateDirectories: true)
        try BundleWriter.atomically(Data(page.utf8), to: html)
    }
}

/// Encodes whatever it wraps: lets one JSON object hold values of different types.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
