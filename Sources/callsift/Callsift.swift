import ArgumentParser
import Foundation

@main
struct Callsift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callsift",
        abstract: "Turns an archive of sales recordings into scored conversations, offline.",
        version: "0.1.0",
        subcommands: [ProbeCommand.self, CutCommand.self, TranscribeCommand.self, AnalyzeCommand.self, EvalCommand.self]
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
}
