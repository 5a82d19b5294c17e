import Foundation

/// One entry of the event log (`all_day_session.completed`, `analysis.completed`, ...).
public struct StoredEvent: Sendable, Equatable {
    /// Position in the log: increases with every event, never reused.
    public var seq: Int64
    public var name: String
    public var key: String?
    public var recordingID: String?
    public var sessionID: String?
    /// The event's JSON, as the caller encoded it.
    public var payload: Data
    public var createdAt: Date

    init(row: SQLRow) throws {
        seq = try row["seq"]
        name = try row["name"]
        key = try row["key"]
        recordingID = try row["recording_id"]
        sessionID = try row["session_id"]
        payload = Data((try row["payload"] as String).utf8)
        createdAt = try row["created_at"]
    }
}
