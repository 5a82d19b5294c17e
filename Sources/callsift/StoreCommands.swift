import ArgumentParser
import Batch
import Foundation
import Manifests
import Sessions
import Store

/// Where the batch commands find the progress database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: [.short, .customLong("manifest")], help: "The manifest whose database to read.")
    var manifest: String?

    @Option(help: "The progress database itself.")
    var database: String?

    func store() throws -> Store { try BatchCLI.store(manifest: manifest, database: database) }
    /// For the commands that only read: works where this user may not write the database.
    func reader() throws -> Store { try BatchCLI.store(manifest: manifest, database: database, readOnly: true) }
}

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

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List, show and archive the sessions of a run's database.",
        subcommands: [List.self, Show.self, Archive.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sessions, oldest first: id, status, org, rep, conversations, created.")
        @OptionGroup var database: DatabaseOptions
        @Option var org: String?
        @Option var rep: String?
        @Option(help: "completed or failed.") var status: String?
        @Option(help: "Only sessions created at or after this ISO 8601 date or time.") var since: String?
        @Flag(help: "Archived sessions too.") var archived = false
        @Flag(help: "One JSON object per line.") var json = false

        func run() async throws {
            var sinceDate: Date?
            if let since {
                sinceDate =
                    (try? Date(since, strategy: .iso8601)) ?? (try? Date(since + "T00:00:00Z", strategy: .iso8601))
                guard sinceDate != nil else {
                    throw ValidationError(
                        "--since: \(since) is not an ISO 8601 date (2026-11-22 or 2026-11-22T06:00:00Z).")
                }
            }
            let store = try database.reader()
            for session in try await store.sessions(
                org: org, rep: rep, status: status, since: sinceDate, includeArchived: archived)
            {
                let record = try? JSONDecoder().decode(SessionRecord.self, from: session.json)
                if json {
                    Output.line(String(decoding: session.json, as: UTF8.self))
                } else {
                    Output.line(
                        "\(session.id)  \(session.status)  \(session.orgID)/\(session.repID)  "
                            + "\(record?.conversations.count ?? 0) conversation(s), \(record?.segmentsAnalyzed ?? 0) analyzed  "
                            + "\(isoTime(session.createdAt))  \(record?.recordingURL ?? "")"
                            + (session.archived ? "  (archived)" : ""))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A session's session.json (the all-day session API's shape).")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: String

        func run() async throws {
            guard let session = try await database.reader().session(id) else {
                Output.error("error not_found: no session \(id) in this database")
                throw ExitCode(ExitStatus.someFailed)
            }
            Output.line(String(decoding: session.json, as: UTF8.self))
        }
    }

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hide a session from `sessions list` (nothing is deleted).")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: String

        func run() async throws {
            do {
                try await database.store().archiveSession(id)
                Output.line("archived \(id)")
            } catch let error as StoreError {
                Output.error("error \(error.code): \(error.message)")
                throw ExitCode(ExitStatus.someFailed)
            }
        }
    }
}

struct AnalysesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyses", abstract: "Show an analysis.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An analysis record (the analysis API's shape).")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: String

        func run() async throws {
            guard let analysis = try await database.reader().analysis(id) else {
                Output.error("error not_found: no analysis \(id) in this database")
                throw ExitCode(ExitStatus.someFailed)
            }
            Output.line(String(decoding: analysis.json, as: UTF8.self))
        }
    }
}

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Queue failed recordings again, then run the manifest.",
        discussion:
            "Without --failed, only queues nothing and runs: the same as `callsift run`. Exit status as `callsift run`."
    )

    @Argument(help: "The manifest.") var manifest: String
    @Flag(help: "Take the recordings that failed in earlier runs again.") var failed = false
    @Option var jobs: Int?

    func run() async throws {
        var arguments = [manifest]
        if failed { arguments.append("--retry-failed") }
        if let jobs { arguments += ["--jobs", String(jobs)] }
        let command = try RunCommand.parse(arguments)
        try await command.run()
    }
}

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Deliver the webhook outbox.", subcommands: [Flush.self])

    struct Flush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Send every undelivered webhook now (backoff waits included, given-up ones not); say how many went.")
        @Argument(help: "The manifest (its database and its webhook secrets).") var manifest: String

        func run() async throws {
            let loaded: Manifest
            do { loaded = try Manifest.load(path: manifest) } catch {
                for problem in error.problems { Output.error("\(problem)") }
                throw ExitCode(ExitStatus.usage)
            }
            let store = try BatchCLI.store(manifest: manifest, database: nil)
            // Flushing means now: deliveries waiting out a backoff are due at once.
            try await store.makeDeliveriesDue()
            let sender = WebhookSender(store: store, webhooks: loaded.webhooks, callbackSecret: loaded.callbackSecret)
            var total = WebhookSender.Outcome()
            while true {
                let outcome = try await sender.deliverDue()
                total.delivered += outcome.delivered
                total.failed += outcome.failed
                total.gaveUp += outcome.gaveUp
                if outcome.delivered + outcome.failed + outcome.gaveUp == 0 { break }
            }
            Output.line(
                "\(total.delivered) delivered, \(total.failed) failed (retried later), \(total.gaveUp) given up")
            if total.failed + total.gaveUp > 0 { throw ExitCode(ExitStatus.someFailed) }
        }
    }
}
