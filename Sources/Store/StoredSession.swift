import Foundation
internal import GRDB

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

    init(row: Row) {
        id = row["id"]
        recordingID = row["recording_id"]
        orgID = row["org_id"]
        repID = row["rep_id"]
        status = row["status"]
        archived = row["archived"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        json = Data((row["json"] as String).utf8)
    }
}
