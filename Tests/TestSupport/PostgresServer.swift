import Foundation

/// A real PostgreSQL server for the tests (`postgres_server.py`: Debian's server, initialised in a
/// temporary folder, on loopback only), started once per test process and stopped when it ends.
/// Each test takes a database of its own.
public final class PostgresServer: @unchecked Sendable {
    // @unchecked: immutable after init.
    public let port: Int
    private let bin: String
    private let server: LoopbackServer

    public static func shared() throws -> PostgresServer { try instance.get() }
    private static let instance = Result {
        let server = try LoopbackServer(script: "postgres_server.py", arguments: [])
        return PostgresServer(server: server)
    }

    private init(server: LoopbackServer) {
        self.server = server
        let words = server.banner.split(separator: " ")
        port = server.port
        bin = words.count > 1 ? String(words[1]) : "/usr/lib/postgresql/15/bin"
    }

    /// A new, empty database, as a `postgres://` URL.
    public func database() throws -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try Tool.run(["\(bin)/createdb", "-h", "127.0.0.1", "-p", String(port), "-U", "callsift", name])
        return "postgres://callsift@127.0.0.1:\(port)/\(name)"
    }

    /// Runs `sql` in `database` (a URL from `database()`) with psql; its output, unaligned.
    public func psql(_ database: String, _ sql: String) throws -> String {
        let name = String(database.split(separator: "/").last ?? "")
        return try Tool.run([
            "\(bin)/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "callsift", "-d", name, "-At", "-c", sql,
        ]).stdout
    }
}
