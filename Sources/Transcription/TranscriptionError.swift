import Core
import Foundation
import Media
import Transcripts

/// Why a transcript could not be made. Media problems keep their own codes.
public enum TranscriptionError: CodedError, Equatable {
    /// The recording could not be read (missing, corrupt, unreachable...).
    case media(MediaError)
    /// The engine failed: a worker that died twice on the same chunk, an API that refused.
    case failed(source: String, reason: String, details: [String: String])
    /// The engine cannot start here (no virtualenv, no API key, no model).
    case engineUnavailable(engine: String, reason: String)
    /// No sidecar transcript beside the recording, or none at the path given.
    case sidecarNotFound(source: String, looked: [String])
    /// A sidecar that is not a transcript callsift reads.
    case invalidSidecar(path: String, reason: String)
    /// The caller asked to stop (a batch run got SIGINT or SIGTERM) between two chunks; every
    /// chunk finished before that was handed to `onChunk`.
    case stopped(source: String, atSeconds: Double)
    /// The recording's language is one the speech model does not know (any but English for an
    /// English-only model; a code Whisper has no language for).
    case languageUnsupported(source: String, language: String, model: String, multilingual: Bool)

    public var code: String {
        switch self {
        case .media(let error): error.code
        case .failed: "transcription_failed"
        case .engineUnavailable: "engine_unavailable"
        case .sidecarNotFound: "sidecar_not_found"
        case .invalidSidecar: "invalid_sidecar"
        case .stopped: "stopped"
        case .languageUnsupported: "language_unsupported"
        }
    }

    public var message: String {
        switch self {
        case .media(let error): error.message
        case .failed(let source, let reason, _): "\(source): transcription failed: \(reason)."
        case .engineUnavailable(let engine, let reason): "the \(engine) engine cannot run: \(reason)."
        case .sidecarNotFound(let source, let looked):
            "\(source): no sidecar transcript found (looked for \(looked.joined(separator: ", "))). Name one with --sidecar."
        case .invalidSidecar(let path, let reason): "\(path) is not a transcript callsift reads: \(reason)."
        case .stopped(let source, let seconds):
            "\(source): stopped on request at \(TimeSpan.clock(seconds)); the next run resumes there."
        case .languageUnsupported(let source, let language, let model, let multilingual):
            multilingual
                ? "\(source): its language is given as \(language), a code the speech model \(model) has no language "
                    + "for: give one of Whisper's codes (es, de, fr, pt, zh…) or auto."
                : "\(source): its language is \(language), and the speech model \(model) knows only English. Install "
                    + "the multilingual model (`make setup MODELS=base`) and set engines.transcriber.settings.model: "
                    + "base, or set options.language: en if the recording is in English."
        }
    }

    public var details: [String: String] {
        switch self {
        case .media(let error): error.details
        case .failed(let source, let reason, let details):
            details.merging(["source": source, "reason": reason]) { a, _ in a }
        case .engineUnavailable(let engine, let reason): ["engine": engine, "reason": reason]
        case .sidecarNotFound(let source, let looked): ["source": source, "looked": looked.joined(separator: ", ")]
        case .invalidSidecar(let path, let reason): ["path": path, "reason": reason]
        case .stopped(let source, let seconds): ["source": source, "at_seconds": String(seconds)]
        case .languageUnsupported(let source, let language, let model, _):
            ["source": source, "language": language, "model": model]
        }
    }
}

extension TranscriptionError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { message }
    public var description: String { "\(code): \(message)" }
}
