import Foundation

/// Recordings: registration (with change detection), progress and outcome.
extension Store {
    /// Records that a run wants `identity` processed, and says whether that is needed. A recording
    /// seen before whose size, mtime or fingerprint now differs is reset to `queued`, with its
    /// transcript chunks, session, analyses, error, attempts and lease dropped: they describe
    /// another file. The lease goes too, so a run still working on the old content learns it from
    /// `renew` and stops. Unchanged, only the manifest's fields (source, org, rep) and identity
    /// fields not known before are updated.
    public func register(_ identity: RecordingIdentity) async throws(StoreError) -> Registration {
        let now = clock()
        return try await write { db in
            let arguments: SQLArguments = [
                "id": identity.id, "source": identity.source, "kind": identity.kind.rawValue, "org": identity.orgID,
                "rep": identity.repID,
                "size": identity.size, "mtime": identity.mtime?.timeIntervalSince1970,
                "fingerprint": identity.fingerprint, "now": now,
            ]
            guard
                let stored = try db.row("SELECT size, mtime, fingerprint FROM recordings WHERE id = ?", [identity.id])
            else {
                try db.execute(
                    """
                    INSERT INTO recordings (id, source, kind, org_id, rep_id, size, mtime, fingerprint, created_at, updated_at)
                    VALUES (:id, :source, :kind, :org, :rep, :size, :mtime, :fingerprint, :now, :now)
                    """, arguments)
                return Registration(recording: try Self.recording(db, id: identity.id), sourceChanged: false)
            }
            let (size, mtime, fingerprint): (Int64?, Double?, String?) = (
                try stored["size"], try stored["mtime"], try stored["fingerprint"]
            )
            let changed =
                Self.differ(size, identity.size) || Self.differ(mtime, identity.mtime?.timeIntervalSince1970)
                || Self.differ(fingerprint, identity.fingerprint)
            if changed {
                // Analyses go with their sessions (ON DELETE CASCADE).
                try db.execute("DELETE FROM sessions WHERE recording_id = ?", [identity.id])
                try db.execute("DELETE FROM transcript_chunks WHERE recording_id = ?", [identity.id])
                try db.execute(
                    """
                    UPDATE recordings SET source = :source, kind = :kind, org_id = :org, rep_id = :rep,
                        size = :size, mtime = :mtime, fingerprint = :fingerprint,
                        status = 'queued', attempts = 0, error_code = NULL, error_message = NULL, error_details = NULL,
                        session_id = NULL, lease_owner = NULL, lease_expires_at = NULL,
                        started_at = NULL, completed_at = NULL, updated_at = :now
                    WHERE id = :id
                    """, arguments)
            } else {
                try db.execute(
                    """
                    UPDATE recordings SET source = :source, kind = :kind, org_id = :org, rep_id = :rep,
                        size = COALESCE(:size, size), mtime = COALESCE(:mtime, mtime), fingerprint = COALESCE(:fingerprint, fingerprint)
                    WHERE id = :id
                    """, arguments)
            }
            return Registration(recording: try Self.recording(db, id: identity.id), sourceChanged: changed)
        }
    }

    /// The recording stored under `id`, if any.
    public func recording(_ id: String) async throws(StoreError) -> Recording? {
        try await read { db in
            try db.row("SELECT * FROM recordings WHERE id = ?", [id]).map { try Recording(row: $0) }
        }
    }

    /// Every recording, or those with `status`, oldest first: for `callsift status` and `retry`.
    public func recordings(status: RecordingStatus? = nil) async throws(StoreError) -> [Recording] {
        try await read { db in
            try db.rows(
                "SELECT * FROM recordings WHERE CAST(:status AS TEXT) IS NULL OR status = :status ORDER BY created_at, id",
                ["status": status?.rawValue]
            ).map { try Recording(row: $0) }
        }
    }

    /// Moves a leased recording to the next stage. Throws `leaseLost` when `owner` no longer holds it.
    public func setStage(_ recordingID: String, owner: String, to stage: RecordingStatus.Stage) async throws(StoreError)
    {
        let now = clock()
        try await write { db in
            try Self.updateHeld(
                db, recordingID, owner: owner, set: "status = :status, updated_at = :now",
                arguments: ["status": stage.rawValue, "now": now])
        }
    }

    /// Counts one more attempt at a leased recording and returns the count, so the caller can give
    /// up after a few.
    public func incrementAttempts(_ recordingID: String, owner: String) async throws(StoreError) -> Int {
        let now = clock()
        return try await write { db in
            try Self.updateHeld(
                db, recordingID, owner: owner, set: "attempts = attempts + 1, updated_at = :now",
                arguments: ["now": now])
            return try db.value("SELECT attempts FROM recordings WHERE id = ?", [recordingID])
                ?? 0
        }
    }

    /// Marks a leased recording done with its session, and ends the lease: later runs skip it while
    /// its source is unchanged.
    public func complete(_ recordingID: String, owner: String, sessionID: String) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try Self.updateHeld(
                db, recordingID, owner: owner,
                set: """
                    status = 'completed', session_id = :session, error_code = NULL, error_message = NULL, error_details = NULL,
                    lease_owner = NULL, lease_expires_at = NULL, completed_at = :now, updated_at = :now
                    """, arguments: ["session": sessionID, "now": now])
        }
    }

    /// Marks a leased recording failed with `error`, and ends the lease. It stays failed (and
    /// `claimNext` passes it by) until `requeue` or a changed source.
    public func fail(_ recordingID: String, owner: String, error: Recording.Failure) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try Self.updateHeld(
                db, recordingID, owner: owner,
                set: """
                    status = 'failed', error_code = :code, error_message = :message, error_details = :details,
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = :now
                    """,
                arguments: [
                    "code": error.code, "message": error.message,
                    "details": String(decoding: error.details, as: UTF8.self), "now": now,
                ])
        }
    }

    /// Puts a failed recording back in the queue (`callsift retry`), or a completed one (`run
    /// --reanalyze`), keeping its attempts and checkpoints. Returns false when it was neither.
    public func requeue(_ recordingID: String) async throws(StoreError) -> Bool {
        let now = clock()
        return try await write { db in
            let changed = try db.execute(
                """
                UPDATE recordings SET status = 'queued', error_code = NULL, error_message = NULL, error_details = NULL, updated_at = ?
                WHERE id = ? AND status IN ('failed', 'completed')
                """, [now, recordingID])
            return changed == 1
        }
    }

    static func recording(_ db: any SQLSession, id: String) throws -> Recording {
        guard let row = try db.row("SELECT * FROM recordings WHERE id = ?", [id]) else {
            throw StoreError.notFound(kind: "recording", id: id)
        }
        return try Recording(row: row)
    }

    /// Known on both sides, and different.
    private static func differ<T: Equatable>(_ stored: T?, _ new: T?) -> Bool {
        guard let stored, let new else { return false }
        return stored != new
    }
}
