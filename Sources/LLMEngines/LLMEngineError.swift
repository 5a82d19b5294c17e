import Core

/// Why an LLM engine could not be set up. Once running, an engine never fails a recording: it
/// falls back to the built-in result and records why.
public enum LLMEngineError: CodedError, Equatable {
    /// A prompt file is missing from the installed resources (a broken install).
    case promptMissing(String)

    public var code: String {
        switch self {
        case .promptMissing: "llm_prompt_missing"
        }
    }

    public var message: String {
        switch self {
        case .promptMissing(let name):
            "The prompt '\(name)' is not among callsift's installed resources (Prompts/\(name)-v<N>.md); reinstall callsift."
        }
    }
}
