import ArgumentParser
import Foundation

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Queue failed recordings again, then run the manifest.",
        discussion:
            "Without --failed, only queues nothing and runs: the same as `callsift run`. Exit status as `callsift run`."
    )

    @OptionGroup var manifestArgument: ManifestArgument
    @Flag(help: "Take the recordings that failed in earlier runs again.") var failed = false
    @Option var jobs: Int?

    func run() async throws {
        var arguments = [try manifestArgument.path]
        if failed { arguments.append("--retry-failed") }
        if let jobs { arguments += ["--jobs", String(jobs)] }
        let command = try RunCommand.parse(arguments)
        try await command.run()
    }
}
