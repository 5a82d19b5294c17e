import Foundation
internal import GRDB

/// callsift's progress database: one SQLite file that survives kills and is shared by overlapping
/// runs. Every method is one transaction, so a run killed at any moment leaves either the whole
/// change or none of it. Writes are IMMEDIATE transactions that wait up to `busyTimeout` for
/// another process's write, instead of failing with "database is locked".
///
/// Blocking SQLite calls run on GRDB's own threads (the methods are `async`), never on the
/// cooperative pool. Times come from `clock`, the caller's, so tests can move it: leases shared
/// by several hosts need their clocks within a fraction of the lease's length.
public final class Store: Sendable {
    /// How SQLite journals writes; see <https://www.sqlite.org/wal.html>.
    public enum Journal: Sendable {
        /// Write-ahead log: readers never wait for the writer. Processes on one host only: the log's
        /// index is shared memory.
        case wal
        /// Rollback journal: for a database on a volume shared by several hosts, where WAL cannot work.
        /// Two hosts are then only as safe as the volume's file locks.
        case rollback
    }

    /// The database file, as given.
    public let path: String
    let backend: any SQLBackend
    let clock: @Sendable () -> Date

    /// Opens the database at `path`, creating it (and its folder) when missing, and migrates it to
    /// the current schema.
    public init(
        path: String, journal: Journal = .wal, busyTimeout: TimeInterval = 30,
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws(StoreError) {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw .databaseUnavailable(
                path: path, sqliteCode: nil, reason: "cannot create its folder: \(error.localizedDescription)")
        }
        if journal == .rollback {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        }
        let writer = try Self.open(path, journal: journal, configuration: configuration, busyTimeout: busyTimeout)
        try Schema.migrate(writer, path: path)
        backend = SQLiteBackend(writer: writer)
    }

    init(path: String, backend: any SQLBackend, clock: @escaping @Sendable () -> Date) {
        self.path = path
        self.backend = backend
        self.clock = clock
    }

    /// Opens the database `location` names: a `postgres://user@host[:port]/database` URL (the
    /// password from `PGPASSWORD` or `~/.pgpass`), else a SQLite file.
    /// `readingOnly`: see `init(readingOnly:)`; `journal` applies to SQLite only.
    public static func open(
        _ location: String, journal: Journal = .wal, readingOnly: Bool = false,
        clock: @escaping @Sendable () -> Date = Date.init
    ) async throws(StoreError) -> Store {
        guard isServer(location) else {
            return try readingOnly
                ? Store(readingOnly: location, clock: clock) : Store(path: location, journal: journal, clock: clock)
        }
        return try await Store(postgres: location, readingOnly: readingOnly, clock: clock)
    }

    /// Whether `location` names a database server (`postgres://…`) rather than a SQLite file.
    public static func isServer(_ location: String) -> Bool { PostgresLocation.isPostgres(location) }

    /// Connects to a PostgreSQL database and migrates it to the current schema (or, reading only,
    /// checks that it is at it).
    public convenience init(
        postgres url: String, readingOnly: Bool = false, clock: @escaping @Sendable () -> Date = Date.init
    ) async throws(StoreError) {
        guard let location = PostgresLocation(url: url) else {
            throw .databaseUnavailable(
                path: url.split(separator: "@").last.map(String.init) ?? "postgres",
                sqliteCode: nil, reason: "not a postgres://user@host[:port]/database URL")
        }
        let backend = PostgresBackend(location)
        self.init(path: location.display, backend: backend, clock: clock)
        let display = location.display
        do { try await backend.checkConnection() } catch { throw StoreError(error, path: display) }
        if readingOnly {
            try await read { db in try PostgresSchema.checkCurrent(db, location: display) }
        } else {
            do {
                try await backend.migrate { db in try PostgresSchema.migrate(db, location: display) }
            } catch {
                throw StoreError(error, path: display)
            }
        }
    }

    /// Opens an existing database only to read it (`status`, `report`, `usage`, `sessions`): it
    /// works where this user may not write (a database owned by the cron job's user, a read-only
    /// mount), never creates or migrates anything, and refuses a schema it does not know.
    public init(
        readingOnly path: String, busyTimeout: TimeInterval = 30, clock: @escaping @Sendable () -> Date = Date.init
    ) throws(StoreError) {
        self.path = path
        self.clock = clock
        guard FileManager.default.fileExists(atPath: path) else {
            throw .databaseUnavailable(
                path: path, sqliteCode: nil, reason: "it does not exist yet: `callsift run` creates it")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        func open(_ location: String) throws(StoreError) -> DatabaseQueue {
            let queue: DatabaseQueue
            do { queue = try DatabaseQueue(path: location, configuration: configuration) } catch {
                throw StoreError(error, path: path)
            }
            try Schema.checkCurrent(queue, path: path)
            return queue
        }
        do {
            backend = SQLiteBackend(writer: try open(path))
        } catch {
            // A WAL database needs its shared-memory file (-shm) to be read, and SQLite cannot make
            // one in a folder this user may not write. With no -wal file left, every change is in
            // the database file itself, so reading it as immutable sees them all.
            guard error.code != "migration_failed", !FileManager.default.fileExists(atPath: path + "-wal") else {
                throw error
            }
            backend = SQLiteBackend(writer: try open(URL(fileURLWithPath: path).absoluteString + "?immutable=1"))
        }
    }

    /// Opens the connections, trying again for up to `busyTimeout` while SQLite answers
    /// SQLITE_BUSY: setting the journal mode, as two processes opening a fresh file at once both
    /// do, fails at once instead of calling the busy handler.
    private static func open(
        _ path: String, journal: Journal, configuration: Configuration, busyTimeout: TimeInterval
    ) throws(StoreError) -> any DatabaseWriter {
        let deadline = ContinuousClock.now + .seconds(busyTimeout)
        while true {
            do {
                switch journal {
                case .wal: return try DatabasePool(path: path, configuration: configuration)
                case .rollback: return try DatabaseQueue(path: path, configuration: configuration)
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline
            {
                Thread.sleep(forTimeInterval: 0.01)
            } catch {
                throw StoreError(error, path: path)
            }
        }
    }

    /// SQLite's `quick_check` over every page: a file damaged inside (a bad disk, a copy cut
    /// short) is found before a run touches a recording, not halfway through one.
    public func checkIntegrity() async throws(StoreError) {
        guard backend.dialect == .sqlite else { return }
        let findings = try await read { db in try db.values("PRAGMA quick_check(5)", as: String.self) }
        guard findings != ["ok"] else { return }
        throw .databaseCorrupt(
            path: path, sqliteCode: 11,
            reason:
                "damaged inside (\(findings.joined(separator: "; "))). Restore it from a backup, or move it away and run again: "
                + "completed bundles stay in the output, and the recordings are taken again")
    }

    /// One write transaction; the database's errors come back as `StoreError`.
    @discardableResult
    func write<T: Sendable>(_ updates: @escaping @Sendable (any SQLSession) throws -> T) async throws(StoreError) -> T {
        do {
            return try await backend.write(updates)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// One write transaction that claims rows with `FOR UPDATE SKIP LOCKED` (`SQLBackend.lockingWrite`).
    func lockingWrite<T: Sendable>(_ updates: @escaping @Sendable (any SQLSession) throws -> T) async throws(StoreError)
        -> T
    {
        do {
            return try await backend.lockingWrite(updates)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// One read transaction: a consistent snapshot that never waits for writers.
    func read<T: Sendable>(_ value: @escaping @Sendable (any SQLSession) throws -> T) async throws(StoreError) -> T {
        do {
            return try await backend.read(value)
        } catch {
            throw StoreError(error, path: path)
        }
    }
}
