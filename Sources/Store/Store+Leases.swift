import Foundation

/// Leases: which run works on which recording, until when. Two runs on one database (overlapping
/// cron jobs, hosts on a shared volume) never process a recording at the same time: each claim is
/// one IMMEDIATE transaction, so only one of them can see the recording free. A lease that is not
/// renewed expires, so a killed owner's recording goes to whoever claims it next.
extension Store {
    /// Takes the lease on `recordingID` for `ttl` seconds. Succeeds when the recording is not
    /// completed and nobody else holds an unexpired lease on it (`owner` may claim again what it
    /// holds). A failed recording can be claimed: that is a retry.
    public func claim(_ recordingID: String, owner: String, ttl: TimeInterval) async throws(StoreError) -> Bool {
        let now = clock()
        return try await write { db in
            let changed = try db.execute(
                """
                UPDATE recordings SET lease_owner = :owner, lease_expires_at = :expires,
                    started_at = COALESCE(started_at, :now), updated_at = :now
                WHERE id = :id AND status != 'completed'
                    AND (lease_owner IS NULL OR lease_owner = :owner OR lease_expires_at <= :now)
                """, ["id": recordingID, "owner": owner, "expires": now.addingTimeInterval(ttl), "now": now])
            if changed == 1 { return true }
            try Self.requireRecording(db, recordingID)
            return false
        }
    }

    /// Claims the first of `ids` (in that order) that is queued or in progress and not leased,
    /// or whose lease expired; nil when there is none. Failed recordings are passed by, and so are
    /// those `owner` holds already: a scheduler calling this in a loop gets each recording once.
    /// In PostgreSQL the candidate row is locked with `FOR UPDATE SKIP LOCKED` in a READ COMMITTED
    /// transaction, as job queues on it do: two workers claiming at once take two different
    /// recordings, neither waits for the other, and neither is aborted.
    public func claimNext(owner: String, ttl: TimeInterval, among ids: [String]) async throws(StoreError) -> String? {
        let now = clock()
        return try await lockingWrite { db in
            try db.value(
                """
                UPDATE recordings SET lease_owner = :owner, lease_expires_at = :expires,
                    started_at = COALESCE(started_at, :now), updated_at = :now
                WHERE id = (
                    SELECT r.id FROM \(Self.idTable(db.dialect, as: "j")) JOIN recordings AS r ON r.id = j.value
                    WHERE r.status NOT IN ('completed', 'failed') AND (r.lease_owner IS NULL OR r.lease_expires_at <= :now)
                    ORDER BY j.key LIMIT 1\(db.dialect == .postgres ? " FOR UPDATE OF r SKIP LOCKED" : ""))
                RETURNING id
                """,
                [
                    "owner": owner, "expires": now.addingTimeInterval(ttl), "now": now, "ids": try Self.jsonArray(ids),
                ])
        }
    }

    /// Extends `owner`'s lease to `ttl` seconds from now. False when the lease is gone (taken over
    /// after it expired, or dropped because the source changed): the caller must stop working on it.
    /// A lease that expired but that nobody took is still the owner's, and renews.
    public func renew(_ recordingID: String, owner: String, ttl: TimeInterval) async throws(StoreError) -> Bool {
        let now = clock()
        return try await write { db in
            let changed = try db.execute(
                "UPDATE recordings SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
                [now.addingTimeInterval(ttl), now, recordingID, owner])
            return changed == 1
        }
    }

    /// Gives the lease up without finishing (an interrupted run), so another run can take the
    /// recording at once instead of after the lease expires. Does nothing unless `owner` holds it.
    public func release(_ recordingID: String, owner: String) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try db.execute(
                "UPDATE recordings SET lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
                [now, recordingID, owner])
        }
    }

    /// How many of `ids` are unfinished, and how many of those another owner holds right now.
    public func remaining(among ids: [String], owner: String) async throws(StoreError) -> RemainingWork {
        let now = clock()
        return try await read { db in
            let row = try db.row(
                """
                SELECT COUNT(*) AS remaining,
                    COALESCE(SUM(CASE WHEN lease_owner IS NOT NULL AND lease_owner != :owner AND lease_expires_at > :now
                        THEN 1 ELSE 0 END), 0) AS leased
                FROM recordings
                WHERE id IN (\(Self.idList(db.dialect))) AND status NOT IN ('completed', 'failed')
                """, ["owner": owner, "now": now, "ids": try Self.jsonArray(ids)])
            let (remaining, leased): (Int?, Int?) = (try row?["remaining"], try row?["leased"])
            return RemainingWork(count: remaining ?? 0, leasedByOthers: leased ?? 0)
        }
    }

    /// Runs `UPDATE recordings SET <set> WHERE id = :id AND lease_owner = :owner`, and throws
    /// `leaseLost` when no row changed because `owner` does not hold the recording.
    static func updateHeld(
        _ db: any SQLSession, _ recordingID: String, owner: String, set: String, arguments: SQLArguments
    ) throws {
        let changed = try db.execute(
            "UPDATE recordings SET \(set) WHERE id = :id AND lease_owner = :owner",
            arguments + ["id": recordingID, "owner": owner])
        guard changed == 0 else { return }
        try requireRecording(db, recordingID)
        throw StoreError.leaseLost(recordingID: recordingID, owner: owner)
    }

    /// Throws `notFound` for an id never registered: a caller's mistake, not a busy recording.
    static func requireRecording(_ db: any SQLSession, _ recordingID: String) throws {
        guard
            try db.value("SELECT EXISTS (SELECT 1 FROM recordings WHERE id = ?)", [recordingID], as: Bool.self) == true
        else {
            throw StoreError.notFound(kind: "recording", id: recordingID)
        }
    }

    /// The `:ids` parameter (a JSON array) as a table named `name` of `value` and `key` (its position).
    static func idTable(_ dialect: SQLDialect, as name: String) -> String {
        switch dialect {
        case .sqlite: "json_each(:ids) AS \(name)"
        case .postgres: "json_array_elements_text(CAST(:ids AS json)) WITH ORDINALITY AS \(name)(value, key)"
        }
    }

    /// The `:ids` parameter as a subquery of its values, for `IN (…)`.
    static func idList(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SELECT value FROM json_each(:ids)"
        case .postgres: "SELECT json_array_elements_text(CAST(:ids AS json))"
        }
    }

    /// `ids` as one JSON array bound to one parameter, read as a table: any number of ids, in
    /// order, without a limit on parameters.
    static func jsonArray(_ ids: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
    }
}
