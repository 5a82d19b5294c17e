import Foundation
internal import GRDB

/// A recording's stored state: identity, progress, failure and lease.
public struct Recording: Sendable, Equatable {
    /// The error object of a failed recording: `{code, message, details}`, details as JSON.
    public struct Failure: Sendable, Equatable {
        public var code: String
        public var message: String
        /// A JSON object.
        public var details: Data

        public init(code: String, message: String, details: Data = Data("{}".utf8)) {
            self.code = code
            self.message = message
            self.details = details
        }
    }

    public var identity: RecordingIdentity
    public var status: RecordingStatus
    /// How many times processing started (see `Store.incrementAttempts`).
    public var attempts: Int
    public var error: Failure?
    public var sessionID: String?
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    public var updatedAt: Date

    public var id: String { identity.id }

    init(row: Row) throws {
        let kind: String = row["kind"]
        let status: String = row["status"]
        guard let kindValue = RecordingIdentity.Kind(rawValue: kind),
            let statusValue = RecordingStatus(rawValue: status)
        else {
            throw DatabaseError(
                resultCode: .SQLITE_CORRUPT,
                message: "recording \(row["id"] as String) has kind \(kind), status \(status)")
        }
        identity = RecordingIdentity(
            id: row["id"], source: row["source"], kind: kindValue, orgID: row["org_id"], repID: row["rep_id"],
            size: row["size"],
            mtime: (row["mtime"] as Double?).map(Date.init(timeIntervalSince1970:)), fingerprint: row["fingerprint"])
        self.status = statusValue
        attempts = row["attempts"]
        error = (row["error_code"] as String?).map { code in
            Failure(
                code: code, message: row["error_message"] ?? "",
                details: Data((row["error_details"] as String? ?? "{}").utf8))
        }
        sessionID = row["session_id"]
        leaseOwner = row["lease_owner"]
        leaseExpiresAt = row["lease_expires_at"]
        createdAt = row["created_at"]
        startedAt = row["started_at"]
        completedAt = row["completed_at"]
        updatedAt = row["updated_at"]
    }
}
