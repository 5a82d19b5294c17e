import Foundation
import Store

/// The usage report: the store's usage rows summed by run and by stage (what `callsift usage`
/// prints and writes as JSON).
public struct UsageReport: Encodable, Sendable {
    public struct Stage: Encodable, Sendable {
        public var stage: String
        public var engines: [String]
        /// Transcriptions, detections or analyses.
        public var events: Int
        public var audioSeconds: Double
        public var calls = 0
        public var failedCalls = 0
        public var promptTokens = 0
        public var completionTokens = 0
        public var costCents = 0.0
        public var fallbacks = 0

        /// One line of `callsift usage`.
        public var line: String {
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

    public struct Run: Encodable, Sendable {
        public var runID: String
        public var started: String
        public var stages: [Stage]
        public var costCents: Double

        enum CodingKeys: String, CodingKey {
            case started, stages
            case runID = "run_id"
            case costCents = "cost_cents"
        }
    }

    public var runs: [Run]
    public var total: [Stage]
    public var costCents: Double

    enum CodingKeys: String, CodingKey {
        case runs, total
        case costCents = "cost_cents"
    }

    public init(_ rows: [UsageRecord]) {
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
    public static func dollars(_ cents: Double) -> String {
        let tenThousandths = Int((cents * 100).rounded())
        let whole = tenThousandths / 10000
        let fraction = String(tenThousandths % 10000)
        return "$\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }

    /// "1 h 5 min", "3 min 20 s".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600) h \(total / 60 % 60) min" : "\(total / 60) min \(total % 60) s"
    }
}
