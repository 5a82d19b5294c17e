import ArgumentParser
import Batch
import Foundation
import Store
import Transcripts

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Recordings by status, who holds which, and the last runs.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "One JSON object instead of lines.") var json = false

    func run() async throws {
        let store = try await database.reader()
        let recordings = try await store.recordings()
        let runs = try await store.runs(limit: 5)
        let now = Date()
        var counts: [String: Int] = [:]
        for recording in recordings { counts[recording.status.rawValue, default: 0] += 1 }
        let leased = recordings.filter { ($0.leaseExpiresAt ?? .distantPast) > now && !$0.status.isFinal }
        let described = runs.map { run in
            (
                run, BatchRun.state(of: run, among: recordings, now: now),
                run.figures.flatMap { try? JSONDecoder().decode(BatchRun.Summary.self, from: $0) },
                run.progress.flatMap(QueueProgress.Snapshot.decode)
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
                    runs: described.map { run, state, summary, progress in
                        .init(
                            id: run.id, owner: run.owner, manifest: run.manifest, startedAt: isoTime(run.startedAt),
                            finishedAt: run.finishedAt.map(isoTime), state: state, summary: summary,
                            progress: summary == nil ? progress : nil)
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
        for (run, state, summary, progress) in described {
            let head = "  run \(run.id) \(isoTime(run.startedAt)) by \(run.owner): "
            if let summary {
                Output.line(
                    head + "\(summary.completed) completed, \(summary.failed) failed, \(summary.unchanged) unchanged, "
                        + String(format: "%.1f s", summary.wallSeconds))
            } else if let progress {
                Output.line(head + state.rawValue + " · " + Self.describe(progress, state: state, now: now))
                if state == .running {
                    for slot in progress.inFlight {
                        Output.line("    \((slot.source as NSString).lastPathComponent) · \(slot.stage)")
                    }
                }
            } else {
                Output.line(head + state.rawValue)
            }
        }
    }

    /// "3/10 recordings (1 failed) · 12:04 of audio done · 2.1× realtime · ETA 0:20", as of when
    /// the run last wrote it; a run that did not finish says when that was.
    static func describe(_ progress: QueueProgress.Snapshot, state: BatchRun.RunState, now: Date) -> String {
        var parts = ["\(progress.done)/\(progress.toProcess) recordings"]
        let troubles = [(progress.failed, "failed"), (progress.stopped, "stopped")].filter { $0.0 > 0 }
        if !troubles.isEmpty { parts[0] += " (" + troubles.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")" }
        parts.append("\(TimeSpan.clock(progress.audioDoneSeconds)) of audio done")
        parts.append(String(format: "%.1f× realtime", progress.speed))
        if state == .running, let eta = progress.etaSeconds(at: now) {
            parts.append("ETA \(TimeSpan.clock(eta))\(progress.lengthsUnknown > 0 ? "+" : "")")
        }
        if state != .running { parts.append("last heard of \(progress.updated.map(isoTime) ?? progress.updatedAt)") }
        return parts.joined(separator: " · ")
    }

    struct StatusReport: Encodable {
        struct Held: Encodable { let source, status, owner: String }
        struct Failed: Encodable { let source, code, message: String }
        struct Run: Encodable {
            let id, owner, manifest, startedAt: String
            let finishedAt: String?
            let state: BatchRun.RunState
            let summary: BatchRun.Summary?
            /// Where an unfinished run stood when it last said (nil once it has a summary).
            let progress: QueueProgress.Snapshot?

            enum CodingKeys: String, CodingKey {
                case id, owner, manifest, state, summary, progress
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
                try c.encode(progress, forKey: .progress)
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
