import Conversations
import Foundation
import Scoring

/// What one recording's session is asked to do: the session request API's per-recording fields and options.
public struct SessionRequest: Sendable {
    public var sessionID: UUID
    public var recordingURL: String?
    public var transcriptURL: String?
    public var orgID: String?
    public var repID: String?
    /// The all-day session API: segments at or above are analyzed, 0.5 up to it need review, below are skipped.
    public var minConfidence: Double
    /// False stops after detection: segments are listed, none analyzed.
    public var autoAnalyze: Bool
    public var playbookContent: String?
    public var playbookID: String?
    /// The session request API's `prompt_overrides`, for an analyzer that reads them (the LLM analyzer).
    public var promptOverrides: [PromptOverride] = []
    public var callbackURL: String?
    public var options: [String: JSONValue]
    public var metadata: [String: JSONValue]
    /// When the session was first created (a resumed run keeps the first run's time); nil: now.
    public var createdAt: String?

    public init(
        sessionID: UUID, recordingURL: String? = nil, transcriptURL: String? = nil, orgID: String? = nil,
        repID: String? = nil,
        minConfidence: Double = ConversationDetector.Options.defaultMinConfidence, autoAnalyze: Bool = true,
        playbookContent: String? = nil,
        playbookID: String? = nil,
        callbackURL: String? = nil, options: [String: JSONValue] = [:], metadata: [String: JSONValue] = [:]
    ) {
        self.sessionID = sessionID
        self.recordingURL = recordingURL
        self.transcriptURL = transcriptURL
        self.orgID = orgID
        self.repID = repID
        self.minConfidence = minConfidence
        self.autoAnalyze = autoAnalyze
        self.playbookContent = playbookContent
        self.playbookID = playbookID
        self.callbackURL = callbackURL
        self.options = options
        self.metadata = metadata
    }

    /// The rep's name as the manifest knows it: `metadata.rep_name`. Conversation detection uses it
    /// (then the playbook's `rep_name`) before anything heard in the recording.
    public var repName: String? {
        guard case .string(let name)? = metadata["rep_name"] else { return nil }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The options as the session echoes them.
    public var echoedOptions: [String: JSONValue] {
        var echoed = options
        echoed["min_confidence"] = .number(minConfidence)
        echoed["auto_analyze"] = .bool(autoAnalyze)
        if let playbookID { echoed["playbook_id"] = .string(playbookID) }
        return echoed
    }
}
