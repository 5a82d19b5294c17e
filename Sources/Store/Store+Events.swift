import Foundation
internal import GRDB

/// The event log, the source of `events.jsonl` and of webhooks.
extension Store {
    /// Appends an event and returns its sequence number, and whether it is new. With a `key`
    /// (e.g. "<session>/completed"), appending the same key again returns the first event's number
    /// and `isNew: false`, and adds nothing, so a run resumed after a kill does not announce the
    /// same thing twice.
    public func appendEvent(
        _ name: String, key: String? = nil, recordingID: String? = nil, sessionID: String? = nil, payload: Data
    ) async throws(StoreError) -> (seq: Int64, isNew: Bool) {
        let now = clock()
        return try await write { db in
            if let key, let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM events WHERE key = ?", arguments: [key]) {
                return (seq, false)
            }
            try db.execute(
                sql: "INSERT INTO events (name, key, recording_id, session_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [name, key, recordingID, sessionID, String(decoding: payload, as: UTF8.self), now])
            return (db.lastInsertedRowID, true)
        }
    }

    /// Events after `seq` (0 for all), in order, at most `limit`.
    public func events(after seq: Int64 = 0, limit: Int? = nil) async throws(StoreError) -> [StoredEvent] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit ?? -1])
                .map(StoredEvent.init(row:))
        }
    }
}
