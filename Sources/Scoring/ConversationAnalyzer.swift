/// Scores one conversation. The built-in analyzer measures; another engine (an LLM endpoint)
/// plugs in behind the same protocol and must return the same shape.
public protocol ConversationAnalyzer: Sendable {
    /// Recorded in `master_prompt_id` and `synthesis_snapshot.engine`.
    var name: String { get }
    func analyze(_ call: CallSlice, playbook: PlaybookResolution?) async throws -> Analysis
}
