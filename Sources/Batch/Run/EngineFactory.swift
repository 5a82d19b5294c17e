import Conversations
import Core
import Foundation
import LLM
import LLMEngines
import Manifests
import Scoring
import Transcription

/// Makes the manifest's transcription engine, one per parallel slot (a whisper engine is one
/// worker process, reused for every recording the slot takes), and its detector and analyzer.
public enum EngineFactory {
    static func make(_ choice: Manifest.Engines.Choice<Manifest.Engines.Transcriber>) throws(TranscriptionError)
        -> any TranscriptionEngine
    {
        let settings = choice.settings
        func string(_ key: String) -> String? { if case .string(let value)? = settings[key] { value } else { nil } }
        func number(_ key: String) -> Double? { if case .number(let value)? = settings[key] { value } else { nil } }
        switch choice.name {
        case .whisper:
            var whisper = WhisperSettings()
            if let python = string("python") { whisper.python = python }
            if let model = string("model") { whisper.modelPath = model }
            if let device = string("device") { whisper.device = device }
            if let compute = string("compute_type") { whisper.computeType = compute }
            if let threads = number("threads") { whisper.threads = Int(threads) }
            if let beam = number("beam_size") { whisper.beamSize = Int(beam) }
            if let batch = number("batch_size") { whisper.batchSize = Int(batch) }
            if let chunk = number("max_chunk_seconds") { whisper.maxChunkSeconds = chunk }
            if let language = string("language") { whisper.language = language == "auto" ? nil : language }
            return try WhisperEngine(settings: whisper)
        case .sidecar:
            return SidecarEngine(path: nil)
        case .deepgram:
            var configuration = try DeepgramConfiguration.fromEnvironment()
            if let url = string("url") { configuration.baseURL = url }
            return DeepgramEngine(configuration: configuration)
        }
    }
}

extension EngineFactory {
    /// The transcription engine, made and started before any recording is taken (its Python and
    /// worker, its models loaded, its key): a missing engine is one error for the run, not one
    /// failed recording per file. The engine is handed to the first slot, which would have made it.
    static func prepare(_ choice: Manifest.Engines.Choice<Manifest.Engines.Transcriber>) async throws(EngineSetupError)
        -> any TranscriptionEngine
    {
        do throws(TranscriptionError) {
            let engine = try make(choice)
            if let whisper = engine as? WhisperEngine {
                do throws(TranscriptionError) {
                    try await BlockingWork.run { () throws(TranscriptionError) in try whisper.warmUp() }
                } catch {
                    whisper.shutdown()
                    throw error
                }
            }
            return engine
        } catch {
            throw EngineSetupError(code: error.code, message: error.message)
        }
    }
}

/// Why a run could not start (its engines, its output folder, the free disk space): a usage error,
/// found before any recording is taken.
public struct EngineSetupError: CodedError, Equatable {
    public var code: String
    public var message: String
}

extension EngineFactory {
    /// The run's detector and analyzer. With `llm` for either, one client serves both (one
    /// concurrency limit, one rate-limit backoff for the whole run); its key comes from the
    /// environment variable the manifest names, read here and kept only in memory.
    public static func stages(
        _ engines: Manifest.Engines, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(EngineSetupError) -> (detector: any ConversationDetecting, analyzer: any ConversationAnalyzer) {
        guard engines.detector.name == .llm || engines.analyzer.name == .llm else {
            return (BuiltInDetector(), BuiltInAnalyzer())
        }
        guard let settings = engines.llm else {
            throw EngineSetupError(
                code: "llm_not_configured",
                message: "engines.llm is required when a stage is llm: give base_url and model.")
        }
        var key: String?
        if let variable = settings.apiKeyEnv {
            guard let value = environment[variable], !value.isEmpty else {
                throw EngineSetupError(
                    code: "llm_key_missing",
                    message:
                        "engines.llm.api_key_env names \(variable), which is not set in this environment: export \(variable)=<key> before the run."
                )
            }
            key = value
        }
        let prices =
            settings.inputUSDPerMillion != nil || settings.outputUSDPerMillion != nil
            ? LLMPrices(
                inputUSDPerMillionTokens: settings.inputUSDPerMillion ?? 0,
                outputUSDPerMillionTokens: settings.outputUSDPerMillion ?? 0)
            : nil
        let endpoint = LLMEndpoint(
            baseURL: settings.baseURL, model: settings.model, apiKey: key, timeoutSeconds: settings.timeoutSeconds,
            maxConcurrency: settings.maxConcurrency, maxAttempts: settings.maxAttempts, prices: prices)
        let client: LLMClient
        do { client = try LLMClient(endpoint: endpoint) } catch {
            throw EngineSetupError(code: error.code, message: error.message)
        }
        do {
            var detector: any ConversationDetecting = BuiltInDetector()
            if engines.detector.name == .llm {
                // A small model's context holds fewer utterances: the windows are the manifest's to size.
                let settings = engines.detector.settings
                func whole(_ key: String, _ otherwise: Int) -> Int {
                    if case .number(let value)? = settings[key], (1...1_000_000).contains(value) {
                        Int(value)
                    } else {
                        otherwise
                    }
                }
                var llm = try LLMDetector(client: client)
                llm.maxUtterancesPerWindow = whole("max_utterances_per_window", llm.maxUtterancesPerWindow)
                llm.overlapUtterances = min(
                    whole("overlap_utterances", llm.overlapUtterances), llm.maxUtterancesPerWindow / 2)
                llm.maxCharsPerUtterance = whole("max_chars_per_utterance", llm.maxCharsPerUtterance)
                llm.maxTokensPerWindow = whole("max_tokens_per_window", llm.maxTokensPerWindow ?? 4096)
                detector = llm
            }
            var analyzer: any ConversationAnalyzer = BuiltInAnalyzer()
            if engines.analyzer.name == .llm {
                var llm = try LLMAnalyzer(client: client, model: settings.model)
                if case .number(let value)? = engines.analyzer.settings["max_tokens"], (64...1_000_000).contains(value)
                {
                    llm.maxTokens = Int(value)
                }
                analyzer = llm
            }
            return (detector, analyzer)
        } catch {
            throw EngineSetupError(code: error.code, message: error.message)
        }
    }
}
