import ArgumentParser
import Foundation
import Media

struct CutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cut",
        abstract: "Copy [start, end) of a recording into a new file, without re-encoding.",
        discussion: """
            The cut starts on the packet playing at START and lasts END - START, within half a packet.
            OUT's extension picks the container; it must hold the source's codec as is. Give OUT without
            an extension, or an existing directory, to let callsift pick the source's own container
            (ADTS .aac becomes .m4a). The file appears only when complete.
            """
    )

    @Argument(help: "A file or http(s) URL.")
    var source: String

    @Option(help: "Start: seconds (1820.5) or [HH:]MM:SS[.mmm].", transform: TimeArgument.parse)
    var start: Double

    @Option(
        help: "End, exclusive: seconds or [HH:]MM:SS[.mmm]. Past the end of the recording means to its end.",
        transform: TimeArgument.parse)
    var end: Double

    @Option(name: [.short, .customLong("output")], help: "Output file, or a directory.")
    var output: String

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    func validate() throws {
        guard end > start else { throw ValidationError("--end (\(end)) must be after --start (\(start)).") }
    }

    func run() throws {
        do {
            let (media, copy, _) = try Spool.readable(
                MediaSource(source), directory: Output.spoolDirectory, name: UUID().uuidString)
            defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
            let result = try Cutter.cut(media, start: start, end: end, to: destination)
            if json {
                Output.json(result)
            } else {
                var text =
                    "\(result.output): \(result.container) \(result.audioCodec), \(Output.seconds(result.durationSeconds)) "
                    + "from \(Output.seconds(result.startSeconds)), \(result.packets) packets, \(Output.bytes(result.sizeBytes))"
                if let fallback = result.fallback { text += "\n  note: \(fallback)" }
                Output.line(text)
            }
        } catch {
            if json {
                Output.json(Output.ErrorRecord(source: source, error))
            } else {
                Output.error("error \(error.code): \(error.message)")
            }
            throw ExitCode(ExitStatus.someFailed)
        }
    }

    private var destination: Cutter.Destination {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            return .automatic(
                directory: output,
                basename: "\(MediaSource(source).baseName)-\(TimeArgument.label(start))-\(TimeArgument.label(end))")
        }
        let url = URL(fileURLWithPath: output)
        if url.pathExtension.isEmpty {
            return .automatic(directory: url.deletingLastPathComponent().path, basename: url.lastPathComponent)
        }
        return .file(output)
    }
}

/// Times on the command line: plain seconds, or clock notation as people read it off a player.
enum TimeArgument {
    static func parse(_ text: String) throws -> Double {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count) else {
            throw ValidationError("\"\(text)\" is not a time: use seconds or [HH:]MM:SS[.mmm].")
        }
        var total = 0.0
        for (index, field) in fields.enumerated() {
            guard let value = Double(field), value >= 0, value.isFinite,
                index == fields.count - 1 || value == value.rounded(), index == 0 || value < 60
            else { throw ValidationError("\"\(text)\" is not a time: use seconds or [HH:]MM:SS[.mmm].") }
            total = total * 60 + value
        }
        return total
    }

    /// "1820.5" → "1820.5s": a file-name-safe label for a time.
    static func label(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%.3fs", seconds)
    }
}
