import Foundation

/// The loopback HTTP server of `fixture_server.py`, serving the fixtures folder. One per test process.
public final class FixtureServer: @unchecked Sendable {
    // @unchecked: immutable after init.
    private let server: LoopbackServer
    public var port: Int { server.port }

    private static let started: Result<FixtureServer, any Error> = Result {
        FixtureServer(server: try LoopbackServer(script: "fixture_server.py", arguments: [try Fixtures.shared().directory]))
    }

    public static func shared() throws -> FixtureServer {
        try started.get()
    }

    private init(server: LoopbackServer) {
        self.server = server
    }

    /// `http://127.0.0.1:PORT/<route>/<file name>` for a fixture path.
    public func url(_ route: String, _ fixture: String) -> String {
        "http://127.0.0.1:\(port)/\(route)/\(URL(fileURLWithPath: fixture).lastPathComponent)"
    }

    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)/\(path)"
    }
}
