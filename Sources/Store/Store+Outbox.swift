import Foundation

/// The webhook outbox: deliveries survive restarts, are retried on the caller's schedule, and are
/// handed to one sender at a time even when two runs share the database. Deliveries are queued
/// with their event (`appendEvent(webhooks:)`).
extension Store {
    /// Hands out up to `limit` deliveries that are due, oldest first, counting an attempt for each.
    /// Each is pushed `lease` seconds into the future as it is handed out, so another sender does
    /// not take it meanwhile; a sender killed before `markDelivered` or `markFailed` leaves it due
    /// again after `lease`.
    public func dueDeliveries(limit: Int, lease: TimeInterval = 60) async throws(StoreError) -> [WebhookDelivery] {
        let now = clock()
        return try await write { db in
            let ids: [Int64] = try db.values(
                "SELECT id FROM webhook_deliveries WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                [now, limit])
            return try ids.map { id in
                try db.execute(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                    [now.addingTimeInterval(lease), id])
                return try Self.delivery(db, id: id)
            }
        }
    }

    /// Records a successful POST: the delivery is never due again.
    public func markDelivered(_ id: Int64) async throws(StoreError) {
        let now = clock()
        try await write { db in
            let changed = try db.execute(
                "UPDATE webhook_deliveries SET delivered_at = ?, next_attempt_at = NULL WHERE id = ?", [now, id])
            if changed == 0 { throw StoreError.notFound(kind: "delivery", id: String(id)) }
        }
    }

    /// Records a failed POST and when to try again; `retryAt` nil gives up (the error stays for reports).
    public func markFailed(_ id: Int64, error: String, retryAt: Date?) async throws(StoreError) {
        try await write { db in
            let changed = try db.execute(
                "UPDATE webhook_deliveries SET last_error = ?, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL",
                [error, retryAt, id])
            if changed == 0 { throw StoreError.notFound(kind: "delivery", id: String(id)) }
        }
    }

    /// Deliveries neither delivered nor given up: what still waits for a retry.
    public func waitingDeliveries() async throws(StoreError) -> Int {
        try await read { db in
            try db.value(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL"
            ) ?? 0
        }
    }

    /// The delivery stored under `id`, delivered or not.
    public func delivery(_ id: Int64) async throws(StoreError) -> WebhookDelivery? {
        try await read { db in
            try db.row("SELECT * FROM webhook_deliveries WHERE id = ?", [id]).map { try WebhookDelivery(row: $0) }
        }
    }

    private static func delivery(_ db: any SQLSession, id: Int64) throws -> WebhookDelivery {
        guard let row = try db.row("SELECT * FROM webhook_deliveries WHERE id = ?", [id])
        else {
            throw StoreError.notFound(kind: "delivery", id: String(id))
        }
        return try WebhookDelivery(row: row)
    }

    /// Every delivery still pending (not delivered, not given up) becomes due now: what
    /// `callsift webhooks flush` does before sending.
    public func makeDeliveriesDue() async throws(StoreError) {
        let now = clock()
        try await write { db in
            try db.execute(
                "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE delivered_at IS NULL AND next_attempt_at > ?",
                [now, now])
        }
    }
}
