import Foundation
import Sessions

/// One status change, as appended to `events.jsonl` and sent to webhooks: the all-day session API's event names.
public struct SessionEvent: Sendable, Equatable {
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
    /// The JSON of the session record (processing_started, detected, completed, failed) or of the
    /// analysis record (analysis.completed), the very bytes written to the bundle.
    public var data: Data

    public init(type: Kind, sessionID: String, discriminator: String = "", data: Data, createdAt: Date = Date()) {
        id = DeterministicID.make(name: "\(sessionID)/event/\(type.rawValue)/\(discriminator)").lowercasedID
        self.type = type
        self.createdAt = Timestamp.string(createdAt)
        self.sessionID = sessionID
        self.data = data
    }

    /// The event's line: `{"created_at", "data", "id", "session_id", "type"}`, keys sorted and
    /// compact as every file callsift writes, with `data` spliced in as it is rather than parsed
    /// and encoded again.
    public func encoded() throws -> Data {
        func string(_ text: String) throws -> Data { try BundleWriter.encoder.encode(text) }
        var line = Data(#"{"created_at":"#.utf8)
        line += try string(createdAt)
        line += Data(#","data":"#.utf8) + data
        line += Data(#","id":"#.utf8) + (try string(id))
        line += Data(#","session_id":"#.utf8) + (try string(sessionID))
        line += Data(#","type":"#.utf8) + (try string(type.rawValue))
        line += Data("}".utf8)
        return line
    }
}
