import Foundation
internal import GRDB

/// One webhook POST of one event to one URL, kept until delivered or given up.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: Int64
    public var eventSeq: Int64
    public var url: String
    /// The exact bytes to send (and sign).
    public var body: Data
    /// Tries handed out so far, this one included when it came from `dueDeliveries`.
    public var attempts: Int
    public var lastError: String?
    /// When it is next due; nil once delivered or given up.
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    public var createdAt: Date

    init(row: Row) {
        id = row["id"]
        eventSeq = row["event_seq"]
        url = row["url"]
        body = row["body"]
        attempts = row["attempts"]
        lastError = row["last_error"]
        nextAttemptAt = row["next_attempt_at"]
        deliveredAt = row["delivered_at"]
        createdAt = row["created_at"]
    }
}
