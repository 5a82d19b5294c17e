internal import GRDB

extension Store {
    /// The SQLite library this process runs with ("3.46.1"), as `sqlite_version()` answers; nil if
    /// even an in-memory database cannot be opened.
    public static var sqliteVersion: String? {
        try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }
    }
}
