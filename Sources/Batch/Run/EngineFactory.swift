import Foundation
import Transcription

/// Makes the manifest's transcription engine, one per parallel slot (a whisper engine is one
/// worker process, reused for every recording the slot takes).
enum EngineFactory {
    static func make(_ choice: Manifest.Engines.Choice<Manifest.Engines.Transcriber>) throws(TranscriptionError) -> any TranscriptionEngine {
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
