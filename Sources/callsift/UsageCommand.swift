import ArgumentParser
import Foundation
import Reports
import Store

/// The all-day session API's usage report: the billable events (transcription, detection, analysis), itemized
/// per run, with the tokens and cost of LLM stages and how often they fell back to built-in.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "What runs spent: audio transcribed, LLM calls, tokens and cost, per stage and per run.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this run (an id from `callsift status`).") var run: String?
    @Option(help: "Only rows since this day (YYYY-MM-DD, UTC).") var since: String?
    @Flag(help: "One line per recording and stage as well.") var itemized = false
    @Flag(help: "One JSON object.") var json = false

    func validate() throws {
        if let since, ReportEntry.day(since) != since {
            throw ValidationError("--since takes a day as YYYY-MM-DD, not '\(since)'.")
        }
    }

    func run() async throws {
        let store = try await database.reader()
        let start = since.flatMap { ISO8601DateFormatter().date(from: "\($0)T00:00:00Z") }
        let rows = try await store.usage(runID: run, since: start)
        let report = UsageReport(rows)
        if json {
            Output.json(report)
            return
        }
        if rows.isEmpty {
            Output.line("no usage recorded\(run.map { " for run \($0)" } ?? "")")
            return
        }
        for run in report.runs {
            Output.line("run \(run.runID) (\(run.started)):")
            for stage in run.stages { Output.line("  " + stage.line) }
            Output.line("  total \(UsageReport.dollars(run.costCents))")
            if itemized {
                for row in rows where row.runID == run.runID {
                    Output.line(
                        "    \(row.stage.rawValue) \(row.itemID ?? row.recordingID) \(row.engine): \(row.calls) call(s), "
                            + "\(row.promptTokens)+\(row.completionTokens) tokens, \(UsageReport.dollars(row.costCents))"
                            + (row.fallback.map { " · fell back: \($0)" } ?? ""))
                }
            }
        }
        Output.line(
            "all: " + report.total.map(\.line).joined(separator: "; ")
                + " · total \(UsageReport.dollars(report.costCents))")
    }
}
