import Foundation

/// The loopback HTTP server of `fixture_server.py`, serving the fixtures folder. One per test process.
public final class FixtureServer: @unchecked Sendable {
    // @unchecked: immutable after init.
    private let server: LoopbackServer
    public var port: Int { server.port }

    private static let started: Result<FixtureServer, any Error> = Result {
        FixtureServer(
            server: try LoopbackServer(script: "fixture_server.py", arguments: [try Fixtures.shared().directory]))
    }

    /// The same fixtures over https, with a self-signed certificate for 127.0.0.1 made by openssl.
    private static let startedTLS: Result<FixtureServer, any Error> = Result {
        let folder = try temporaryDirectory("tls")
        let (certificate, key) = ("\(folder)/cert.pem", "\(folder)/key.pem")
        try Tool.run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days",
            "2", "-subj",
            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        let server = try LoopbackServer(
            script: "fixture_server.py", arguments: [try Fixtures.shared().directory, "--tls", certificate, key])
        return FixtureServer(server: server, scheme: "https")
    }

    public static func shared() throws -> FixtureServer {
        try started.get()
    }

    /// An https server whose certificate no system trusts.
    public static func selfSigned() throws -> FixtureServer {
        try startedTLS.get()
    }

    private let scheme: String

    private init(server: LoopbackServer, scheme: String = "http") {
        self.server = server
        self.scheme = scheme
    }

    /// `http://127.0.0.1:PORT/<route>/<file name>` for a fixture path.
    public func url(_ route: String, _ fixture: String) -> String {
        "\(scheme)://127.0.0.1:\(port)/\(route)/\(URL(fileURLWithPath: fixture).lastPathComponent)"
    }

    public func url(_ path: String) -> String {
        "\(scheme)://127.0.0.1:\(port)/\(path)"
    }
}
