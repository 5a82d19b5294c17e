import Core
import Foundation
internal import PostgresNIO

/// The store on a PostgreSQL server, shared by any number of hosts, through postgres-nio's
/// connection pool. A write is one SERIALIZABLE transaction, tried again when the server aborts
/// it for a conflict with another host's (SQLSTATE 40001, 40P01), so every store method keeps the
/// all-or-nothing, one-at-a-time meaning it has on SQLite; a read is one REPEATABLE READ snapshot.
///
/// A transaction's statements run on a thread of their own (`BlockingWork`) that waits for each
/// answer, so the store methods stay the same plain functions on either database.
final class PostgresBackend: SQLBackend {
    let client: PostgresClient
    private let running: Task<Void, Never>
    /// postgres-nio's own log: errors only (what fails reaches the caller as a `StoreError`).
    private let logger = {
        var logger = Logger(label: "callsift.store.postgres")
        logger.logLevel = .error
        return logger
    }()
    var dialect: SQLDialect { .postgres }

    let location: PostgresLocation

    init(_ location: PostgresLocation) {
        self.location = location
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await retryingConflicts("BEGIN ISOLATION LEVEL SERIALIZABLE", body)
    }

    /// Each statement sees what committed before it and re-checks a row it locks, so a claim by
    /// `FOR UPDATE SKIP LOCKED` never aborts for another claimer; only a deadlock is tried again.
    func lockingWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await retryingConflicts("BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    private func retryingConflicts<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (any SQLSession) throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await transaction(begin, body)
            } catch let error as PSQLError where Self.isConflict(error) && attempt < 20 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...20) * attempt))
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// A READ COMMITTED transaction, for the migrations: each statement sees what committed before
    /// it, so a worker that waited on the migration lock sees the tables the first one made.
    func migrate(_ body: @escaping @Sendable (any SQLSession) throws -> Void) async throws {
        try await transaction("BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    /// How long the first connection may take (a host that drops packets), and how long any
    /// transaction may wait for a connection and run: the pool tries again and again to reach a
    /// server that went down, and a run must say so rather than wait for ever.
    static let connectDeadline: Duration = .seconds(30)
    static let transactionDeadline: Duration = .seconds(300)

    /// The server did not answer within `deadline`.
    struct Unreachable: Error, CustomStringConvertible {
        let deadline: Duration
        var description: String {
            "no answer within \(deadline): is the server up, and does it take connections from this host?"
        }
    }

    /// One connection of its own, opened and closed: a server that is down, refuses this host or
    /// this user, or has no such database is reported at once, with the server's reason, instead
    /// of the pool trying again behind a transaction.
    func checkConnection() async throws {
        let location = location
        let logger = logger
        try await Self.within(Self.connectDeadline) {
            let connection = try await PostgresConnection.connect(
                configuration: .init(
                    host: location.host, port: location.port, username: location.user, password: location.password,
                    database: location.database, tls: .disable),
                id: 0, logger: logger)
            try await connection.close()
        }
    }

    private func transaction<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (any SQLSession) throws -> T
    ) async throws -> T {
        try await Self.within(Self.transactionDeadline) { try await self.run(begin, body) }
    }

    /// `work`, or `Unreachable` once `deadline` has passed.
    private static func within<T: Sendable>(_ deadline: Duration, _ work: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Unreachable(deadline: deadline) }
            return value
        }
    }

    private func run<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (any SQLSession) throws -> T
    ) async throws -> T {
        let logger = logger
        return try await client.withConnection { connection in
            let outcome: Result<T, any Error> = await BlockingWork.run {
                let session = PostgresSession(connection: connection, logger: logger)
                do {
                    try session.execute(begin)
                    let value = try body(session)
                    try session.execute("COMMIT")
                    return .success(value)
                } catch {
                    _ = try? session.execute("ROLLBACK")
                    return .failure(error)
                }
            }
            return try outcome.get()
        }
    }

    /// A serialization failure, a deadlock, or a key another transaction inserted meanwhile: the
    /// transaction did nothing and may run again.
    static func isConflict(_ error: PSQLError) -> Bool {
        ["40001", "40P01", "23505"].contains(error.serverInfo?[.sqlState] ?? "")
    }
}

/// Where the PostgreSQL database is: from `postgres://user@host:port/database`. The password
/// never comes from the manifest: `PGPASSWORD`, else `~/.pgpass` (as psql reads them), else none.
struct PostgresLocation: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var database: String
    var password: String?

    /// The URL without a password, for messages.
    var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Nil when `url` is not a `postgres://` URL with a host and a database.
    init?(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard Self.isPostgres(url), let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty
        else { return nil }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty else { return nil }
        self.host = host
        port = parts.port ?? 5432
        user = parts.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.database = database
        password =
            parts.password ?? environment["PGPASSWORD"]
            ?? Self.passwordFile(environment).flatMap {
                Self.password(inPassFile: $0, host: host, port: port, database: database, user: user)
            }
    }

    private static func passwordFile(_ environment: [String: String]) -> String? {
        let path =
            environment["PGPASSFILE"] ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".pgpass") }
        return path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// The first line of a `.pgpass` file (hostname:port:database:username:password, `*` for
    /// any, `\:` and `\\` escaped) that matches.
    static func password(inPassFile text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}

/// One PostgreSQL transaction as an `SQLSession`: `?` and `:name` parameters become `$1…`.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        try run(sql, arguments).rows.map { row in
            try SQLRow(row.map { cell in (cell.columnName, try Self.value(cell)) })
        }
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        let (text, order) = PostgresParameters.numbered(sql)
        var binds = PostgresBindings()
        var positional = arguments.positional.makeIterator()
        for name in order {
            let value = name.map { arguments.named[$0] ?? .null } ?? positional.next() ?? .null
            switch value {
            case .null: binds.appendNull()
            case .integer(let number): binds.append(number)
            case .real(let number): binds.append(number)
            case .text(let string): binds.append(string)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        return try connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger).wait()
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            let buffer = try cell.decode(ByteBuffer.self)
            return .blob(Data(buffer.readableBytesView))
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// SQLite's parameters in PostgreSQL's spelling.
enum PostgresParameters {
    /// `sql` with each `?` and `:name` (outside quotes, not a `::` cast) replaced by `$n`, and
    /// for each n the name it stands for (nil: the next positional argument). A name used twice
    /// is one parameter.
    static func numbered(_ sql: String) -> (String, [String?]) {
        var output = ""
        var order: [String?] = []
        var numbers: [String: Int] = [:]
        let characters = Array(sql)
        var index = 0
        var quote: Character?
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                output.append(character)
                if character == open { quote = nil }
                index += 1
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                output.append(character)
                index += 1
            case "?":
                order.append(nil)
                output += "$\(order.count)"
                index += 1
            case ":" where index + 1 < characters.count && characters[index + 1] == ":":
                output += "::"
                index += 2
            case ":"
            where index + 1 < characters.count && (characters[index + 1].isLetter || characters[index + 1] == "_"):
                var end = index + 1
                while end < characters.count
                    && (characters[end].isLetter || characters[end].isNumber || characters[end] == "_")
                {
                    end += 1
                }
                let name = String(characters[(index + 1)..<end])
                if let number = numbers[name] {
                    output += "$\(number)"
                } else {
                    order.append(name)
                    numbers[name] = order.count
                    output += "$\(order.count)"
                }
                index = end
            default:
                output.append(character)
                index += 1
            }
        }
        return (output, order)
    }
}
