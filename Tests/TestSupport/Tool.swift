import Foundation

/// Runs the reference tools (ffmpeg, ffprobe, sox, espeak-ng) and the built callsift binary.
public enum Tool {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public enum Failure: Error, CustomStringConvertible {
        case notFound(String)
        case failed(command: [String], status: Int32, stderr: String)

        public var description: String {
            switch self {
            case .notFound(let name): "\(name) is not installed (run make deps)"
            case .failed(let command, let status, let stderr):
                "\(command.joined(separator: " ")) exited \(status): \(stderr.suffix(800))"
            }
        }
    }

    /// Runs `arguments[0]` (looked up in PATH unless it is a path) and waits for it.
    @discardableResult
    public static func run(_ arguments: [String], input: Data? = nil, check: Bool = true) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(arguments[0]))
        process.arguments = Array(arguments.dropFirst())
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty tool never blocks on a full pipe.
        let errData = LockedData()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            reading.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        reading.wait()
        let result = Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
        if check, result.status != 0 {
            throw Failure.failed(command: arguments, status: result.status, stderr: result.stderr)
        }
        return result
    }

    public static func resolve(_ name: String) throws -> String {
        if name.contains("/") { return name }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure.notFound(name)
    }

    /// ffprobe's opinion of one format or stream field, for comparing against ours.
    public static func ffprobe(_ path: String, entry: String) throws -> String {
        try run(["ffprobe", "-v", "error", "-show_entries", entry, "-of", "default=nw=1:nk=1", path])
            .stdout.split(separator: "\n").first.map(String.init) ?? ""
    }
}

private final class LockedData: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data ?? Data() } }
}

extension Tool {
    /// ffprobe's value of one field of the first audio stream ("codec_name", "sample_rate", ...).
    public static func ffprobeAudio(_ path: String, field: String) throws -> String {
        try run([
            "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=\(field)",
            "-of", "default=nw=1:nk=1", path,
        ]).stdout.split(separator: "\n").first.map(String.init) ?? ""
    }

    /// MD5 of each audio packet's payload, in order: proof that a cut copied packets, not re-encoded them.
    public static func packetHashes(_ path: String) throws -> [String] {
        try run([
            "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=data_hash",
            "-show_data_hash", "MD5", "-of", "csv=p=0", path,
        ]).stdout.split(separator: "\n").compactMap { line in
            line.split(separator: ",").first { $0.hasPrefix("MD5:") }.map(String.init)
        }
    }

    /// The decoded samples as raw bytes (s16le): for PCM, whose packets are the demuxer's own slicing.
    public static func pcmBytes(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve("ffmpeg"))
        process.arguments = ["-v", "error", "-i", path, "-f", "s16le", "-"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// Where the audio really ends, by ffprobe: the audio stream's duration, or, when ffprobe only
    /// estimated it from the bit rate (ADTS, MP3 without a header), the end of its last packet.
    public static func ffprobeAudioSeconds(_ path: String) throws -> Double {
        let probe = try run([
            "ffprobe", "-v", "warning", "-select_streams", "a:0", "-show_entries", "stream=duration:format=duration",
            "-of", "default=nw=1", path,
        ])
        if !probe.stderr.contains("Estimating duration from bitrate") {
            let values = Dictionary(
                probe.stdout.split(separator: "\n").compactMap { line -> (String, Double)? in
                    let parts = line.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, let value = Double(parts[1]) else { return nil }
                    return (String(parts[0]), value)
                }, uniquingKeysWith: { first, _ in first })
            if let seconds = values["duration"] { return seconds }
        }
        let packets = try run([
            "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=pts_time,duration_time",
            "-of", "csv=p=0", path,
        ]).stdout.split(separator: "\n").compactMap { line -> Double? in
            let fields = line.split(separator: ",").compactMap { Double($0) }
            return fields.count == 2 ? fields[0] + fields[1] : nil
        }
        return packets.max() ?? 0
    }

    /// Duration of the first audio packet, in seconds.
    public static func firstPacketSeconds(_ path: String) throws -> Double {
        let text = try run([
            "ffprobe", "-v", "error", "-select_streams", "a:0", "-read_intervals", "%+#3",
            "-show_entries", "packet=duration_time", "-of", "csv=p=0", path,
        ]).stdout.split(separator: "\n").compactMap { Double($0) }
        return text.max() ?? 0
    }
}

/// A fresh temporary folder for one test, inside the fixtures folder so it goes when the process ends.
public func temporaryDirectory(_ label: String = "test") throws -> String {
    let path = try Fixtures.shared().directory + "/\(label)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Root mean square of a signal.
public func rms(_ samples: [Float]) -> Double {
    guard !samples.isEmpty else { return 0 }
    return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
}
