import Foundation

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

    init(row: SQLRow) throws {
        let kind: String = try row["kind"]
        let status: String = try row["status"]
        let id: String = try row["id"]
        guard let kindValue = RecordingIdentity.Kind(rawValue: kind),
            let statusValue = RecordingStatus(rawValue: status)
        else {
            throw SQLRow.UnexpectedColumn(
                column: "kind, status", value: .text("\(kind), \(status) (recording \(id))"),
                expected: "known kind and status")
        }
        let mtime: Double? = try row["mtime"]
        identity = RecordingIdentity(
            id: id, source: try row["source"], kind: kindValue, orgID: try row["org_id"], repID: try row["rep_id"],
            size: try row["size"], mtime: mtime.map(Date.init(timeIntervalSince1970:)),
            fingerprint: try row["fingerprint"])
        self.status = statusValue
        attempts = try row["attempts"]
        let code: String? = try row["error_code"]
        if let code {
            let details: String? = try row["error_details"]
            error = Failure(code: code, message: try row["error_message"] ?? "", details: Data((details ?? "{}").utf8))
        } else {
            error = nil
        }
        sessionID = try row["session_id"]
        leaseOwner = try row["lease_owner"]
        leaseExpiresAt = try row["lease_expires_at"]
        createdAt = try row["created_at"]
        startedAt = try row["started_at"]
        completedAt = try row["completed_at"]
        updatedAt = try row["updated_at"]
    }
}
