import Foundation
import Sessions

/// One status change, as appended to `events.jsonl` and sent to webhooks: the all-day session API's event names.
public struct SessionEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case processingStarted = "all_day_session.processing_started"
        case detected = "all_day_session.detected"
        case analysisCompleted = "analysis.completed"
        case completed = "all_day_session.completed"
        case failed = "all_day_session.failed"
    }

    /// Deterministic (UUIDv5 of the session, the kind and a discriminator): a resumed run that
    /// emits the same event again emits it with the same id, so receivers can drop the repeat.
    public var id: String
    public var type: Kind
    public var createdAt: String
    public var sessionID: String
    /// The session record (processing_started, detected, completed, failed) or the analysis record
    /// (analysis.completed), exactly as written to the bundle.
    public var data: JSONValue

    public init(type: Kind, sessionID: String, discriminator: String = "", data: JSONValue, createdAt: Date = Date()) {
        id = DeterministicID.make(name: "\(sessionID)/event/\(type.rawValue)/\(discriminator)").uuidString.lowercased()
        self.type = type
        self.createdAt = Timestamp.string(createdAt)
        self.sessionID = sessionID
        self.data = data
    }

    /// A record as event data: its JSON, parsed back into a value.
    public static func data(of record: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: BundleWriter.encoder.encode(record))
    }

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
        case sessionID = "session_id"
    }
}
