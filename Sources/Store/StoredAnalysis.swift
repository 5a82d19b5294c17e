import Foundation

/// One conversation's analysis as stored: the analysis API's JSON.
public struct StoredAnalysis: Sendable, Equatable {
    public var id: String
    public var sessionID: String
    /// The segment's position in its session.
    public var index: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var json: Data

    init(row: SQLRow) throws {
        id = try row["id"]
        sessionID = try row["session_id"]
        index = try row["idx"]
        createdAt = try row["created_at"]
        updatedAt = try row["updated_at"]
        json = Data((try row["json"] as String).utf8)
    }
}
