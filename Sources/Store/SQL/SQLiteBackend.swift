import Foundation
internal import GRDB

/// The embedded default: one SQLite file through GRDB (a pool in WAL mode, a queue otherwise).
struct SQLiteBackend: SQLBackend {
    let writer: any DatabaseWriter
    var dialect: SQLDialect { .sqlite }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await writer.write { db in try body(SQLiteSession(db: db)) }
    }

    /// SQLite has one writer at a time: a claim needs nothing more than any write.
    func lockingWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await writer.read { db in try body(SQLiteSession(db: db)) }
    }
}

/// A GRDB transaction as an `SQLSession`.
struct SQLiteSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
            SQLRow(row.columnNames.enumerated().map { index, name in (name, Self.value(row[index] as DatabaseValue)) })
        }
    }

    static func arguments(_ arguments: SQLArguments) -> StatementArguments {
        if !arguments.named.isEmpty {
            return StatementArguments(
                arguments.named.mapValues { databaseValue($0) as (any DatabaseValueConvertible)? })
        }
        return StatementArguments(arguments.positional.map { databaseValue($0) as (any DatabaseValueConvertible)? })
    }

    static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let data): data.databaseValue
        }
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }
}
