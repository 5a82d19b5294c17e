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
        let store = try database.reader()
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

/// The usage rows summed by run and stage.
struct UsageReport: Encodable {
    struct Stage: Encodable {
        var stage: String
        var engines: [String]
        /// Transcriptions, detections or analyses.
        var events: Int
        var audioSeconds: Double
        var calls = 0
        var failedCalls = 0
        var promptTokens = 0
        var completionTokens = 0
        var costCents = 0.0
        var fallbacks = 0

        var line: String {
            var text = "\(stage) (\(engines.joined(separator: ", "))): \(events)"
            if stage == "transcription" { text += ", \(UsageReport.duration(audioSeconds)) of audio" }
            if calls + failedCalls > 0 {
                text += ", \(calls) call(s), \(promptTokens) tokens in, \(completionTokens) out"
            }
            if failedCalls > 0 { text += ", \(failedCalls) failed" }
            if fallbacks > 0 { text += ", \(fallbacks) fell back to built-in" }
            return text + ", \(UsageReport.dollars(costCents))"
        }

        enum CodingKeys: String, CodingKey {
            case stage, engines, events, calls, fallbacks
            case audioSeconds = "audio_seconds"
            case failedCalls = "failed_calls"
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case costCents = "cost_cents"
        }
    }

    struct Run: Encodable {
        var runID: String
        var started: String
        var stages: [Stage]
        var costCents: Double

        enum CodingKeys: String, CodingKey {
            case started, stages
            case runID = "run_id"
            case costCents = "cost_cents"
        }
    }

    var runs: [Run]
    var total: [Stage]
    var costCents: Double

    enum CodingKeys: String, CodingKey {
        case runs, total
        case costCents = "cost_cents"
    }

    init(_ rows: [UsageRecord]) {
        var order: [String] = []
        var byRun: [String: [UsageRecord]] = [:]
        for row in rows {
            if byRun[row.runID] == nil { order.append(row.runID) }
            byRun[row.runID, default: []].append(row)
        }
        runs = order.map { id in
            let rows = byRun[id]!
            let stages = Self.stages(rows)
            return Run(
                runID: id, started: ISO8601DateFormatter().string(from: rows[0].createdAt), stages: stages,
                costCents: stages.reduce(0) { $0 + $1.costCents })
        }
        total = Self.stages(rows)
        costCents = total.reduce(0) { $0 + $1.costCents }
    }

    static func stages(_ rows: [UsageRecord]) -> [Stage] {
        UsageRecord.Stage.allCases.compactMap { stage in
            let mine = rows.filter { $0.stage == stage }
            guard !mine.isEmpty else { return nil }
            var sum = Stage(
                stage: stage.rawValue, engines: Array(Set(mine.map(\.engine))).sorted(), events: mine.count,
                audioSeconds: 0)
            for row in mine {
                sum.audioSeconds += row.audioSeconds
                sum.calls += row.calls
                sum.failedCalls += row.failedCalls
                sum.promptTokens += row.promptTokens
                sum.completionTokens += row.completionTokens
                sum.costCents += row.costCents
                if row.fallback != nil { sum.fallbacks += 1 }
            }
            return sum
        }
    }

    /// $0.0123: four decimals, since one analysis may cost a fraction of a cent.
    static func dollars(_ cents: Double) -> String {
        let tenThousandths = Int((cents * 100).rounded())
        let whole = tenThousandths / 10000
        let fraction = String(tenThousandths % 10000)
        return "$\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600) h \(total / 60 % 60) min" : "\(total / 60) min \(total % 60) s"
    }
}
