import ArgumentParser
import Foundation
import Sessions
import Store

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
            let store = try await database.reader()
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
