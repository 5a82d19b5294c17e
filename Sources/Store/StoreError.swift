import Core
import Foundation
internal import GRDB
internal import PostgresNIO

/// Why the store could not do what was asked. Each case has a stable `code` for error objects and
/// exit reports, a `message` for people (naming the database file), and `details` with the SQLite
/// result code when SQLite gave one (<https://www.sqlite.org/rescode.html>).
public enum StoreError: CodedError, Equatable, CustomStringConvertible {
    /// The file cannot be opened, read or written: SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY,
    /// SQLITE_IOERR, SQLITE_AUTH, or its folder cannot be made.
    case databaseUnavailable(path: String, sqliteCode: Int32?, reason: String)
    /// Another connection kept the database locked longer than the busy timeout: SQLITE_BUSY, SQLITE_LOCKED.
    case databaseBusy(path: String, sqliteCode: Int32, reason: String)
    /// The file is not an SQLite database, or is damaged: SQLITE_NOTADB, SQLITE_CORRUPT.
    case databaseCorrupt(path: String, sqliteCode: Int32, reason: String)
    /// The disk is full: SQLITE_FULL.
    case diskFull(path: String, sqliteCode: Int32, reason: String)
    /// The schema could not be brought up to date, or was written by a newer callsift.
    case migrationFailed(path: String, sqliteCode: Int32?, reason: String)
    /// Another owner holds the recording now (this owner's lease expired and was taken over), or
    /// nobody does: the caller must stop working on it.
    case leaseLost(recordingID: String, owner: String)
    /// No such record.
    case notFound(kind: String, id: String)
    /// The task was cancelled before or during the transaction, which was rolled back.
    case cancelled
    /// Any other SQLite failure: a bug in a statement or a constraint broken by the caller.
    case databaseError(path: String, sqliteCode: Int32?, reason: String)

    public var code: String {
        switch self {
        case .databaseUnavailable: "database_unavailable"
        case .databaseBusy: "database_busy"
        case .databaseCorrupt: "database_corrupt"
        case .diskFull: "disk_full"
        case .migrationFailed: "migration_failed"
        case .leaseLost: "lease_lost"
        case .notFound: "not_found"
        case .cancelled: "cancelled"
        case .databaseError: "database_error"
        }
    }

    public var message: String {
        switch self {
        case .databaseUnavailable(let path, _, let reason): "cannot open database \(path): \(reason)"
        case .databaseBusy(let path, _, let reason): "database \(path) stayed locked by another process: \(reason)"
        case .databaseCorrupt(let path, _, let reason): "database \(path) is not a valid SQLite database: \(reason)"
        case .diskFull(let path, _, let reason): "no space left for database \(path): \(reason)"
        case .migrationFailed(let path, _, let reason): "cannot update the schema of database \(path): \(reason)"
        case .leaseLost(let recordingID, let owner): "recording \(recordingID) is no longer leased by \(owner)"
        case .notFound(let kind, let id): "no \(kind) with id \(id)"
        case .cancelled: "cancelled"
        case .databaseError(let path, _, let reason): "database \(path): \(reason)"
        }
    }

    /// The database path and SQLite's extended result code, where they apply.
    public var details: [String: String] {
        var details: [String: String] = [:]
        switch self {
        case .databaseUnavailable(let path, let code, _), .migrationFailed(let path, let code, _),
            .databaseError(let path, let code, _):
            details["path"] = path
            if let code { details["sqlite_code"] = String(code) }
        case .databaseBusy(let path, let code, _), .databaseCorrupt(let path, let code, _),
            .diskFull(let path, let code, _):
            details["path"] = path
            details["sqlite_code"] = String(code)
        case .leaseLost(let recordingID, let owner):
            details["recording_id"] = recordingID
            details["owner"] = owner
        case .notFound(let kind, let id):
            details[kind + "_id"] = id
        case .cancelled:
            break
        }
        return details
    }

    public var description: String { message }

    /// Classifies a GRDB or SQLite failure by its primary result code.
    init(_ error: any Error, path: String) {
        switch error {
        case let error as StoreError:
            self = error
        case is CancellationError:
            self = .cancelled
        case let error as DatabaseError:
            let code = error.extendedResultCode.rawValue
            let reason = error.message ?? "SQLite error \(code)"
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: self = .databaseBusy(path: path, sqliteCode: code, reason: reason)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .databaseCorrupt(path: path, sqliteCode: code, reason: reason)
            case .SQLITE_FULL: self = .diskFull(path: path, sqliteCode: code, reason: reason)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_AUTH:
                self = .databaseUnavailable(path: path, sqliteCode: code, reason: reason)
            case .SQLITE_INTERRUPT: self = .cancelled
            default: self = .databaseError(path: path, sqliteCode: code, reason: reason)
            }
        case let error as PostgresBackend.Unreachable:
            self = .databaseUnavailable(path: path, sqliteCode: nil, reason: error.description)
        case let error as PSQLError:
            let state = error.serverInfo?[.sqlState]
            let reason =
                error.serverInfo?[.message].map { "\($0) (SQLSTATE \(state ?? "?"))" }
                ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            switch error.code {
            case .connectionError, .serverClosedConnection, .sslUnsupported, .authMechanismRequiresPassword,
                .unsupportedAuthMechanism, .saslError, .poolClosed:
                self = .databaseUnavailable(path: path, sqliteCode: nil, reason: reason)
            case .queryCancelled:
                self = .cancelled
            default:
                // 28xxx: authentication; 3D000: no such database.
                if let state, state.hasPrefix("28") || state == "3D000" {
                    self = .databaseUnavailable(path: path, sqliteCode: nil, reason: reason)
                } else {
                    self = .databaseError(path: path, sqliteCode: nil, reason: reason)
                }
            }
        default:
            self = .databaseError(path: path, sqliteCode: nil, reason: String(describing: error))
        }
    }
}
