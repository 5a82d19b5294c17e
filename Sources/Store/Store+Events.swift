import Foundation

/// The event log, the source of `events.jsonl` and of webhooks.
extension Store {
    /// Appends an event, with a webhook delivery for each of `webhooks` in the same transaction
    /// (a kill can never leave an event without its deliveries), and returns its sequence number
    /// and whether it is new. With a `key` (e.g. "<session>/completed"), appending the same key
    /// again returns the first event's number and `isNew: false`, and adds nothing, so a run
    /// resumed after a kill does not announce the same thing twice. A new event is "not logged"
    /// until `markLogged` says it is in `events.jsonl`.
    public func appendEvent(
        _ name: String, key: String? = nil, recordingID: String? = nil, sessionID: String? = nil, payload: Data,
        webhooks: [String] = []
    ) async throws(StoreError) -> (seq: Int64, isNew: Bool) {
        let now = clock()
        return try await write { db in
            if let key, let seq = try db.value("SELECT seq FROM events WHERE key = ?", [key], as: Int64.self) {
                return (seq, false)
            }
            guard
                let seq = try db.value(
                    """
                    INSERT INTO events (name, key, recording_id, session_id, payload, created_at, logged)
                    VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING seq
                    """, [name, key, recordingID, sessionID, String(decoding: payload, as: UTF8.self), now],
                    as: Int64.self)
            else { throw StoreError.notFound(kind: "event", id: name) }
            for url in webhooks {
                try db.execute(
                    "INSERT INTO webhook_deliveries (event_seq, url, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [seq, url, payload, now, now])
            }
            return (seq, true)
        }
    }

    /// A recording's events not yet written to `events.jsonl`, in order.
    public func unloggedEvents(recordingID: String) async throws(StoreError) -> [StoredEvent] {
        try await read { db in
            try db.rows(
                "SELECT * FROM events WHERE recording_id = ? AND logged = 0 ORDER BY seq", [recordingID]
            )
            .map { try StoredEvent(row: $0) }
        }
    }

    /// Records that the event is in `events.jsonl`.
    public func markLogged(_ seq: Int64) async throws(StoreError) {
        try await write { db in try db.execute("UPDATE events SET logged = 1 WHERE seq = ?", [seq]) }
    }

    /// Events after `seq` (0 for all), in order, at most `limit`.
    public func events(after seq: Int64 = 0, limit: Int? = nil) async throws(StoreError) -> [StoredEvent] {
        try await read { db in
            try db.rows(
                "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit ?? Int.max]
            )
            .map { try StoredEvent(row: $0) }
        }
    }
}
