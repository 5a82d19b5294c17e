import ArgumentParser
import Media

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Show container, duration, codec and channels of recordings (files or http(s) URLs).",
        discussion: "Exit status: 0 when every input was probed, 1 when some failed."
    )

    @Argument(help: "Files or http(s) URLs.")
    var inputs: [String]

    @Flag(help: "One JSON object per input, errors included as {\"error\": {code, message, details}}.")
    var json = false

    @Option(help: "Seconds a network read may stall before a URL fails.")
    var readTimeout: Double = NetworkPolicy.default.readTimeoutSeconds

    func run() throws {
        let network = NetworkPolicy(readTimeoutSeconds: readTimeout)
        var failures = 0
        for input in inputs {
            do {
                let result = try Probe.probe(MediaSource(input), network: network)
                if json { Output.json(result) } else { Output.line(Self.describe(result)) }
            } catch {
                failures += 1
                if json {
                    Output.json(Output.ErrorRecord(source: input, error))
                } else {
                    Output.line("\(input): error \(error.code): \(error.message)")
                }
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.someFailed) }
    }

    static func describe(_ probe: ProbeResult) -> String {
        var parts = [
            probe.container,
            Output.seconds(probe.durationSeconds),
            "\(probe.audioCodec) \(probe.sampleRate) Hz \(probe.channelLayout)",
        ]
        if let bitRate = probe.bitRate { parts.append("\(bitRate / 1000) kb/s") }
        if let size = probe.sizeBytes { parts.append(Output.bytes(size)) }
        parts.append(probe.seekable ? "seekable" : "not seekable")
        if probe.truncated { parts.append("TRUNCATED") }
        var text = "\(probe.source): " + parts.joined(separator: ", ")
        for warning in probe.warnings { text += "\n  warning: \(warning)" }
        return text
    }
}
