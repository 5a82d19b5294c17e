import ArgumentParser
import Foundation
import Media
import Store
import Transcription

@main
struct Callsift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callsift",
        abstract: "Turns an archive of sales recordings into scored conversations, offline.",
        version: versionLine,
        subcommands: [
            RunCommand.self, StatusCommand.self, ReportCommand.self, SessionsCommand.self, AnalysesCommand.self,
            RetryCommand.self,
            WebhooksCommand.self, UsageCommand.self,
            ProbeCommand.self, CutCommand.self, TranscribeCommand.self, AnalyzeCommand.self, EvalCommand.self,
            DoctorCommand.self, McpCommand.self,
        ]
    )

    static let version = "0.2.0"

    /// `--version`: callsift's and what it runs with, the libraries as loaded (Debian upgrades them
    /// under an installed binary) and the default speech model.
    static var versionLine: String {
        "callsift \(version) (\(MediaLibraries.release), SQLite \(Store.sqliteVersion ?? "?"), "
            + "speech model \(WhisperSettings().modelName))"
    }

    /// Exit codes are part of the cron contract: 0 all done, 1 some inputs failed, 2 usage errors.
    /// swift-argument-parser's own usage code is 64; it is mapped to 2 here.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                if let typo = CommandLine.arguments.dropFirst().first, let meant = suggestion(for: typo) {
                    Output.error("error: '\(typo)' is not a callsift command. Did you mean '\(meant)'?")
                    Output.error("Usage: callsift <command> [options]; `callsift --help` lists the commands.")
                    Foundation.exit(ExitStatus.usage)
                }
                Output.error(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

extension Callsift {
    /// The command `word` was probably meant to be (at most two letters off), when it is not one.
    static func suggestion(for word: String) -> String? {
        guard !word.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard !names.contains(word) else { return nil }
        return names.map { ($0, editDistance($0, word)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

enum ExitStatus {
    static let someFailed: Int32 = 1
    static let usage: Int32 = 2
    /// `run`: nothing done, another run holds every remaining recording.
    static let heldElsewhere: Int32 = 3
    /// `run`: stopped by SIGINT or SIGTERM; the next run resumes.
    static let interrupted: Int32 = 130
}
