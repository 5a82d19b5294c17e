import ArgumentParser
import Foundation

@main
struct Callsift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callsift",
        abstract: "Turns an archive of sales recordings into scored conversations, offline.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, StatusCommand.self, ReportCommand.self, SessionsCommand.self, AnalysesCommand.self,
            RetryCommand.self,
            WebhooksCommand.self, UsageCommand.self,
            ProbeCommand.self, CutCommand.self, TranscribeCommand.self, AnalyzeCommand.self, EvalCommand.self,
        ]
    )

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
                Output.error(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
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
