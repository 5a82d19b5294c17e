import Foundation

/// One billable event: a stage of one recording done by one run.
public struct UsageRecord: Sendable, Equatable {
    public enum Stage: String, Sendable, CaseIterable {
        case transcription, detection, analysis
    }

    public var runID: String
    public var recordingID: String
    public var sessionID: String?
    public var stage: Stage
    /// The analysis id for an analysis; nil otherwise.
    public var itemID: String?
    public var engine: String
    /// Audio transcribed by this run (transcription only; chunks resumed from a checkpoint excluded).
    public var audioSeconds: Double
    public var calls: Int
    public var failedCalls: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var costCents: Double
    /// The error code that made an LLM stage fall back to the built-in engine.
    public var fallback: String?
    public var createdAt: Date

    public init(
        runID: String, recordingID: String, sessionID: String?, stage: Stage, itemID: String? = nil, engine: String,
        audioSeconds: Double = 0,
        calls: Int = 0, failedCalls: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0, costCents: Double = 0,
        fallback: String? = nil,
        createdAt: Date = Date()
    ) {
        self.runID = runID
        self.recordingID = recordingID
        self.sessionID = sessionID
        self.stage = stage
        self.itemID = itemID
        self.engine = engine
        self.audioSeconds = audioSeconds
        self.calls = calls
        self.failedCalls = failedCalls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costCents = costCents
        self.fallback = fallback
        self.createdAt = createdAt
    }

    init(row: SQLRow) throws {
        runID = try row["run_id"]
        recordingID = try row["recording_id"]
        sessionID = try row["session_id"]
        stage = Stage(rawValue: try row["stage"]) ?? .analysis
        itemID = try row["item_id"]
        engine = try row["engine"]
        audioSeconds = try row["audio_seconds"]
        calls = try row["calls"]
        failedCalls = try row["failed_calls"]
        promptTokens = try row["prompt_tokens"]
        completionTokens = try row["completion_tokens"]
        costCents = try row["cost_cents"]
        fallback = try row["fallback"]
        createdAt = try row["created_at"]
    }
}
