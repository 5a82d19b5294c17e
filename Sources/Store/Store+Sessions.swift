import Foundation

/// Sessions and their analyses. Each analysis is committed on its own, so a resumed run redoes
/// only the one in flight: `analysisIDs` says which are done.
extension Store {
    /// Stores a recording's session, or replaces it (same id) keeping its creation time and archived flag.
    public func saveSession(id: String, recordingID: String, status: String, json: Data) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try db.execute(
                """
                INSERT INTO sessions (id, recording_id, status, json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    recording_id = excluded.recording_id, status = excluded.status, json = excluded.json, updated_at = excluded.updated_at
                """, [id, recordingID, status, String(decoding: json, as: UTF8.self), now, now])
        }
    }

    /// The session stored under `id`, archived or not.
    public func session(_ id: String) async throws(StoreError) -> StoredSession? {
        try await read { db in
            try db.row(Self.sessionQuery + " WHERE s.id = ?", [id]).map { try StoredSession(row: $0) }
        }
    }

    /// Sessions oldest first, filtered by whichever of org, rep, status and creation time are given
    /// (`callsift sessions list`). Archived sessions only when asked.
    public func sessions(
        org: String? = nil, rep: String? = nil, status: String? = nil, since: Date? = nil,
        includeArchived: Bool = false, limit: Int? = nil
    ) async throws(StoreError) -> [StoredSession] {
        try await read { db in
            try db.rows(
                Self.sessionQuery + """
                     WHERE (CAST(:org AS TEXT) IS NULL OR r.org_id = :org) AND (CAST(:rep AS TEXT) IS NULL OR r.rep_id = :rep)
                        AND (CAST(:status AS TEXT) IS NULL OR s.status = :status) AND (CAST(:since AS TEXT) IS NULL OR s.created_at >= :since)
                        AND (:archived = 1 OR s.archived = 0)
                    ORDER BY s.created_at, s.id LIMIT :limit
                    """,
                [
                    "org": org, "rep": rep, "status": status, "since": since, "archived": includeArchived,
                    "limit": limit ?? Int.max,
                ]
            ).map { try StoredSession(row: $0) }
        }
    }

    /// Hides a session from `sessions(...)` unless archived ones are asked for; nothing is deleted.
    public func archiveSession(_ id: String) async throws(StoreError) {
        let now = clock()
        try await write { db in
            let changed = try db.execute("UPDATE sessions SET archived = 1, updated_at = ? WHERE id = ?", [now, id])
            if changed == 0 { throw StoreError.notFound(kind: "session", id: id) }
        }
    }

    /// Stores one analysis of a session, or replaces it (same id) keeping its creation time.
    public func saveAnalysis(id: String, sessionID: String, index: Int, json: Data) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try db.execute(
                """
                INSERT INTO analyses (id, session_id, idx, json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    session_id = excluded.session_id, idx = excluded.idx, json = excluded.json, updated_at = excluded.updated_at
                """, [id, sessionID, index, String(decoding: json, as: UTF8.self), now, now])
        }
    }

    /// The analysis stored under `id`.
    public func analysis(_ id: String) async throws(StoreError) -> StoredAnalysis? {
        try await read { db in
            try db.row("SELECT * FROM analyses WHERE id = ?", [id]).map { try StoredAnalysis(row: $0) }
        }
    }

    /// A session's analyses in segment order.
    public func analyses(sessionID: String) async throws(StoreError) -> [StoredAnalysis] {
        try await read { db in
            try db.rows(
                "SELECT * FROM analyses WHERE session_id = ? ORDER BY idx", [sessionID]
            )
            .map { try StoredAnalysis(row: $0) }
        }
    }

    /// The ids of a session's finished analyses, in segment order: what a resumed run need not redo.
    public func analysisIDs(sessionID: String) async throws(StoreError) -> [String] {
        try await read { db in
            try db.values("SELECT id FROM analyses WHERE session_id = ? ORDER BY idx", [sessionID])
        }
    }

    private static let sessionQuery = """
        SELECT s.id, s.recording_id, r.org_id, r.rep_id, s.status, s.archived, s.created_at, s.updated_at, s.json
        FROM sessions AS s JOIN recordings AS r ON r.id = s.recording_id
        """
}
