import Foundation

/// The loopback HTTP server of `fixture_server.py`, serving the fixtures folder. One per test process.
public final class FixtureServer: @unchecked Sendable {
    // @unchecked: immutable after init.
    public let port: Int
    private let process: Process
    /// The server's standard input: it exits when this closes, i.e. when this process ends.
    private let lifeline = Pipe()

    private static let started: Result<FixtureServer, any Error> = Result {
        try FixtureServer(directory: try Fixtures.shared().directory)
    }

    public static func shared() throws -> FixtureServer {
        try started.get()
    }

    private init(directory: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fixture_server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Tool.resolve("python3"))
        process.arguments = [script, directory]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = lifeline
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw Tool.Failure.failed(command: ["python3", script], status: -1, stderr: "no port printed")
        }
        self.port = port
    }

    /// `http://127.0.0.1:PORT/<route>/<file name>` for a fixture path.
    public func url(_ route: String, _ fixture: String) -> String {
        "http://127.0.0.1:\(port)/\(route)/\(URL(fileURLWithPath: fixture).lastPathComponent)"
    }

    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)/\(path)"
    }
}
