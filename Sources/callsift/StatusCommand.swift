import ArgumentParser
import Batch
import Foundation
import Store

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Recordings by status, who holds which, and the last runs.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "One JSON object instead of lines.") var json = false

    func run() async throws {
        let store = try database.reader()
        let recordings = try await store.recordings()
        let runs = try await store.runs(limit: 5)
        let now = Date()
        var counts: [String: Int] = [:]
        for recording in recordings { counts[recording.status.rawValue, default: 0] += 1 }
        let leased = recordings.filter { ($0.leaseExpiresAt ?? .distantPast) > now && !$0.status.isFinal }
        let described = runs.map { run in
            (
                run, BatchRun.state(of: run, among: recordings, now: now),
                run.figures.flatMap { try? JSONDecoder().decode(BatchRun.Summary.self, from: $0) }
            )
        }
        if json {
            Output.json(
                StatusReport(
                    recordings: recordings.count, byStatus: counts,
                    inProgress: leased.map {
                        .init(source: $0.identity.source, status: $0.status.rawValue, owner: $0.leaseOwner ?? "")
                    },
                    failed: recordings.filter { $0.status == .failed }.map {
                        .init(source: $0.identity.source, code: $0.error?.code ?? "", message: $0.error?.message ?? "")
                    },
                    runs: described.map { run, state, summary in
                        .init(
                            id: run.id, owner: run.owner, manifest: run.manifest, startedAt: isoTime(run.startedAt),
                            finishedAt: run.finishedAt.map(isoTime), state: state, summary: summary)
                    }))
            return
        }
        Output.line(
            "\(recordings.count) recording(s): "
                + RecordingStatus.allCases.map { "\(counts[$0.rawValue, default: 0]) \($0.rawValue)" }.joined(
                    separator: ", "))
        for recording in leased {
            Output.line(
                "  in progress: \(recording.identity.source) (\(recording.status.rawValue), held by \(recording.leaseOwner ?? "?"))"
            )
        }
        for recording in recordings where recording.status == .failed {
            Output.line(
                "  failed: \(recording.identity.source): \(recording.error?.code ?? "?"): \(recording.error?.message ?? "")"
            )
        }
        for (run, state, summary) in described {
            Output.line(
                "  run \(run.id) \(isoTime(run.startedAt)) by \(run.owner): "
                    + (summary.map {
                        "\($0.completed) completed, \($0.failed) failed, \($0.unchanged) unchanged, "
                            + String(format: "%.1f s", $0.wallSeconds)
                    } ?? state.rawValue))
        }
    }

    struct StatusReport: Encodable {
        struct Held: Encodable { let source, status, owner: String }
        struct Failed: Encodable { let source, code, message: String }
        struct Run: Encodable {
            let id, owner, manifest, startedAt: String
            let finishedAt: String?
            let state: BatchRun.RunState
            let summary: BatchRun.Summary?

            enum CodingKeys: String, CodingKey {
                case id, owner, manifest, state, summary
                case startedAt = "started_at"
                case finishedAt = "finished_at"
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(owner, forKey: .owner)
                try c.encode(manifest, forKey: .manifest)
                try c.encode(startedAt, forKey: .startedAt)
                try c.encode(finishedAt, forKey: .finishedAt)
                try c.encode(state, forKey: .state)
                try c.encode(summary, forKey: .summary)
            }
        }
        let recordings: Int
        let byStatus: [String: Int]
        let inProgress: [Held]
        let failed: [Failed]
        let runs: [Run]

        enum CodingKeys: String, CodingKey {
            case recordings, failed, runs
            case byStatus = "by_status"
            case inProgress = "in_progress"
        }
    }
}

/// ISO 8601 in UTC, as the bundles write times.
func isoTime(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false)) }
