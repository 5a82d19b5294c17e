/// The SQL each backend speaks where the two differ; everything else is written once.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One transaction on either database: statements run in order, and all of them are kept or
/// none. Synchronous, on the backend's own threads (never the cooperative pool), so that a store
/// method is one plain function whichever database runs it.
protocol SQLSession {
    var dialect: SQLDialect { get }
    /// Runs a statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int
    /// Runs a query; returns its rows.
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]
}

extension SQLSession {
    @discardableResult
    func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? { try rows(sql, arguments).first }

    /// The first column of the first row; nil when there is no row or it is NULL.
    func value<T: SQLReadable>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> T? {
        try values(sql, arguments, as: T?.self).first ?? nil
    }

    /// The first column of every row.
    func values<T: SQLReadable>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments).map { row in try row[row.columns.first ?? ""] }
    }
}

/// A database the store runs transactions on.
protocol SQLBackend: Sendable {
    var dialect: SQLDialect { get }
    /// One write transaction: IMMEDIATE in SQLite, SERIALIZABLE in PostgreSQL.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    /// One write transaction whose statements lock the rows they take (`FOR UPDATE SKIP LOCKED`):
    /// in PostgreSQL READ COMMITTED, as job queues claim work, since a SERIALIZABLE claim aborts
    /// whenever another claimer took the same head of the queue first; IMMEDIATE in SQLite.
    func lockingWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    /// One read-only transaction: a consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
}
