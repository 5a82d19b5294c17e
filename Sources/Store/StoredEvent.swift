import Foundation
internal import GRDB

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

    init(row: Row) {
        seq = row["seq"]
        name = row["name"]
        key = row["key"]
        recordingID = row["recording_id"]
        sessionID = row["session_id"]
        payload = Data((row["payload"] as String).utf8)
        createdAt = row["created_at"]
    }
}
