import ArgumentParser
import Batch
import Manifests

/// Whether a run would start on this host, and what it runs with: what to paste in a bug report.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Checks this host as a run would before it takes a recording, and prints the versions it runs with.",
        discussion: """
            FFmpeg's libraries and SQLite as loaded, the speech engine started (its worker launched and its \
            models loaded), and with --manifest its detector and analyzer, output folder (takes files, free \
            space) and database. Exits 2 when a run would not start here.
            """)

    @Option(name: [.short, .customLong("manifest")], help: "Also check this manifest's engines, output and database.")
    var manifest: String?
    @Flag(help: "One JSON object per check.") var json = false

    func run() async throws {
        let loaded = try (manifest ?? Environment.value("CALLSIFT_MANIFEST")).map { try BatchCLI.manifest(at: $0) }
        let findings = await HostCheck.examine(loaded)
        if !json { Output.line(Callsift.versionLine) }
        for finding in findings {
            if json {
                Output.json(finding)
            } else {
                Output.line("\(finding.ok ? "ok  " : "FAIL") \(finding.check): \(finding.detail)")
            }
        }
        if findings.contains(where: { !$0.ok }) { throw ExitCode(ExitStatus.usage) }
    }
}
