import Foundation
internal import GRDB

/// One conversation's analysis as stored: the analysis API's JSON.
public struct StoredAnalysis: Sendable, Equatable {
    public var id: String
    public var sessionID: String
    /// The segment's position in its session.
    public var index: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var json: Data

    init(row: Row) {
        id = row["id"]
        sessionID = row["session_id"]
        index = row["idx"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        json = Data((row["json"] as String).utf8)
    }
}
