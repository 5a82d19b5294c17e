import ArgumentParser
import Foundation
import MCPServer
import Manifests
import Sessions

/// `callsift mcp`: the agent tools on stdin/stdout; logs and errors go to stderr only, since
/// stdout carries the protocol.
struct McpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the all-day session tools to an AI agent (MCP over stdin/stdout).",
        discussion: """
            Tools: submit_all_day_recording, get_all_day_session, list_all_day_sessions, \
            archive_all_day_session, get_analysis, get_rollup; each session's session.json and report.html \
            as resources. The manifest gives the database, output, engines, playbooks and defaults (its \
            sources are not run); without one, out/ and callsift.sqlite in the current folder.
            """)

    @Option(name: [.customShort("m"), .customLong("manifest")], help: "The manifest whose settings to use.")
    var manifest: String?

    func run() async throws {
        let settings: Manifest
        if let path = manifest ?? Environment.value("CALLSIFT_MANIFEST") {
            do { settings = try BatchCLI.manifest(at: path) } catch {
                for problem in error.problems { Output.error("\(problem)") }
                throw ExitCode(ExitStatus.usage)
            }
        } else {
            var defaults = Manifest.settingsOnly(folder: FileManager.default.currentDirectoryPath)
            defaults.database = Environment.value("CALLSIFT_DATABASE_URL") ?? defaults.database
            settings = defaults
        }
        let server: AgentServer
        do {
            server = try await AgentServer(manifest: settings)
        } catch {
            let object = ErrorObject(error, source: nil)
            Output.error("error \(object.code): \(object.message)")
            throw ExitCode(ExitStatus.usage)
        }
        let signals = SignalWatch(stop: server.stop)
        defer { signals.cancel() }
        try await server.serve(version: Callsift.version)
    }
}
