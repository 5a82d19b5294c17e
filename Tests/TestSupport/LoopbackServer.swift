import Foundation

/// A Python test server from this folder (`loopback.py` and the scripts that use it), started once
/// per test process. It prints its port (first on a line it may go on with), and exits when its
/// standard input, `lifeline`, closes: when this process ends.
struct LoopbackServer: @unchecked Sendable {
    // @unchecked: immutable after init; the Process is only kept alive, never used again.
    let port: Int
    /// The whole line it printed.
    let banner: String
    private let process: Process
    private let lifeline = Pipe()

    /// `printsPort`: false for a server whose line is something else (a folder).
    init(script name: String, arguments: [String], printsPort: Bool = true) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(name).path
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Tool.resolve("python3"))
        process.arguments = [script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = lifeline
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
        }
        banner = String(decoding: line, as: UTF8.self)
        guard let port = banner.split(separator: " ").first.flatMap({ Int($0) }) ?? (printsPort ? nil : 0) else {
            process.terminate()
            throw Tool.Failure.failed(command: ["python3", script], status: -1, stderr: "no port printed")
        }
        self.port = port
    }
}
