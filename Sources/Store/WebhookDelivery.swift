import Foundation

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

    init(row: SQLRow) throws {
        id = try row["id"]
        eventSeq = try row["event_seq"]
        url = try row["url"]
        body = try row["body"]
        attempts = try row["attempts"]
        lastError = try row["last_error"]
        nextAttemptAt = try row["next_attempt_at"]
        deliveredAt = try row["delivered_at"]
        createdAt = try row["created_at"]
    }
}
