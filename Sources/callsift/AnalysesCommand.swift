import ArgumentParser
import Foundation

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
