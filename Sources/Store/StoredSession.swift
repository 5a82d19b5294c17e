import Foundation

/// A session as stored: the all-day session API's JSON, with the columns the CLI filters on beside it.
public struct StoredSession: Sendable, Equatable {
    public var id: String
    public var recordingID: String
    /// The recording's org and rep.
    public var orgID: String
    public var repID: String
    public var status: String
    public var archived: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// The session record, as the caller encoded it.
    public var json: Data

    init(row: SQLRow) throws {
        id = try row["id"]
        recordingID = try row["recording_id"]
        orgID = try row["org_id"]
        repID = try row["rep_id"]
        status = try row["status"]
        archived = try row["archived"]
        createdAt = try row["created_at"]
        updatedAt = try row["updated_at"]
        json = Data((try row["json"] as String).utf8)
    }
}
