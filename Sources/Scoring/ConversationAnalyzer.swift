import Core
import Transcripts

/// Scores one conversation. The built-in analyzer measures; another engine (an LLM endpoint)
/// plugs in behind the same protocol and must return the same shape.
public protocol ConversationAnalyzer: Sendable {
    /// Recorded in `master_prompt_id` and `synthesis_snapshot.engine`.
    var name: String { get }
    func analyze(_ call: CallSlice, playbook: PlaybookResolution?) async throws -> Analysis
    /// The same with the request's `prompt_overrides`, and what it cost. Engines that bill (an LLM)
    /// implement this; the default answers from `analyze(_:playbook:)` at no cost.
    func analyze(_ call: CallSlice, request: AnalysisRequest) async throws -> AnalysisOutcome
}

extension ConversationAnalyzer {
    public func analyze(_ call: CallSlice, request: AnalysisRequest) async throws -> AnalysisOutcome {
        AnalysisOutcome(analysis: try await analyze(call, playbook: request.playbook))
    }
}

/// What an analysis is asked for beyond the call itself.
public struct AnalysisRequest: Sendable {
    public var playbook: PlaybookResolution?
    /// The session request API's `prompt_overrides`: extra instructions for an analyzer that reads them (an LLM).
    public var promptOverrides: [PromptOverride]

    public init(playbook: PlaybookResolution? = nil, promptOverrides: [PromptOverride] = []) {
        self.playbook = playbook
        self.promptOverrides = promptOverrides
    }
}

/// One of the session request API's `prompt_overrides`: a titled instruction added to the analyzer's prompt.
public struct PromptOverride: Sendable, Equatable, Codable {
    public var title: String
    public var content: String

    public init(title: String, content: String) {
        self.title = title
        self.content = content
    }
}

public struct AnalysisOutcome: Sendable {
    public var analysis: Analysis
    public var usage: Usage

    public init(analysis: Analysis, usage: Usage = .zero) {
        self.analysis = analysis
        self.usage = usage
    }
}
