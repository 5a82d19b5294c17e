import Media

/// What an engine hands back: whisper-style chunks (words still without speakers, plus what
/// diarization needs), or a finished transcript made elsewhere (with or without speakers).
public enum EngineOutput: Sendable {
    case chunks([ChunkTranscript], channels: Int, model: String?, language: String?)
    case imported(ImportedTranscript)
}

/// Anything that turns a recording into words. callsift has three (whisper, sidecar, deepgram); a new
/// one conforms to this and is handed to `Transcriber.transcribe`. Diarization, utterances, roles and
/// sentiment are added by callsift afterwards, the same way for every engine.
public protocol TranscriptionEngine: Sendable {
    /// The name transcripts record in `engine`.
    var name: String { get }
    /// `language` is the recording's `options.language` (a code, or "auto"); nil leaves it to the
    /// engine's settings. An engine that is handed words made elsewhere ignores it.
    func transcribe(
        _ source: MediaSource, probe: ProbeResult, network: NetworkPolicy, language: String?,
        progress: @escaping @Sendable (TranscriptionProgress) -> Void
    ) async throws(TranscriptionError) -> EngineOutput
}

/// An engine that works chunk by chunk and can pick up where a killed run stopped: the chunks
/// already done come back in `resume`, and each new one goes to `onChunk` as soon as it is done,
/// for the caller to store (a checkpoint); every `onChunk` has returned before `transcribe` does.
/// `shouldStop` is asked between chunks.
public protocol ResumableTranscriptionEngine: TranscriptionEngine {
    func transcribe(
        _ source: MediaSource, probe: ProbeResult, network: NetworkPolicy, language: String?,
        resume: [ChunkTranscript], onChunk: @escaping @Sendable (ChunkTranscript) async -> Void,
        shouldStop: @escaping @Sendable () -> Bool, progress: @escaping @Sendable (TranscriptionProgress) -> Void
    ) async throws(TranscriptionError) -> EngineOutput
}

extension WhisperEngine: ResumableTranscriptionEngine {
    public var name: String { "whisper" }

    public func transcribe(
        _ source: MediaSource, probe: ProbeResult, network: NetworkPolicy, language: String?,
        progress: @escaping @Sendable (TranscriptionProgress) -> Void
    ) async throws(TranscriptionError) -> EngineOutput {
        try await transcribe(
            source, probe: probe, network: network, language: language, resume: [], onChunk: { _ in },
            shouldStop: { false }, progress: progress)
    }

    public func transcribe(
        _ source: MediaSource, probe: ProbeResult, network: NetworkPolicy, language: String?,
        resume: [ChunkTranscript], onChunk: @escaping @Sendable (ChunkTranscript) async -> Void,
        shouldStop: @escaping @Sendable () -> Bool, progress: @escaping @Sendable (TranscriptionProgress) -> Void
    ) async throws(TranscriptionError) -> EngineOutput {
        let run = try await run(
            source, totalSeconds: probe.durationSeconds, network: network, language: language, resume: resume,
            onChunk: onChunk, shouldStop: shouldStop, progress: progress)
        let asked = language ?? settings.language
        return .chunks(
            run.chunks, channels: run.channels, model: settings.modelName,
            language: ChunkTranscript.language(of: run.chunks) ?? (asked == "auto" ? nil : asked))
    }
}

/// Imports a transcript that already exists: the file named, or the first sidecar beside the recording.
public struct SidecarEngine: TranscriptionEngine {
    public var path: String?
    public var name: String { "sidecar" }

    public init(path: String? = nil) {
        self.path = path
    }

    public func transcribe(
        _ source: MediaSource, probe: ProbeResult, network: NetworkPolicy, language: String?,
        progress: @escaping @Sendable (TranscriptionProgress) -> Void
    ) async throws(TranscriptionError) -> EngineOutput {
        let sidecar: String
        if let path {
            sidecar = path
        } else if case .file(let recording) = source.location {
            sidecar = try SidecarReader.find(forRecording: recording)
        } else {
            throw .sidecarNotFound(
                source: source.description, looked: ["(a URL has no folder to look in: name the sidecar)"])
        }
        return .imported(try SidecarReader.read(path: sidecar))
    }
}

/// Deepgram's hosted API: local files are uploaded, URLs fetched by Deepgram.
public struct DeepgramEngine: TranscriptionEngine {
    public var configuration: DeepgramConfiguration
    public var name: String { "deepgram" }

    public init(configuration: DeepgramConfiguration) {
        self.configuration = configuration
    }

    public func transcribe(
        _ source: MediaSource, probe: ProbeResult, network: NetworkPolicy, language: String?,
        progress: @escaping @Sendable (TranscriptionProgress) -> Void
    ) async throws(TranscriptionError) -> EngineOutput {
        let (file, url): (String?, String?) =
            switch source.location {
            case .file(let path): (path, nil)
            case .url(let address): (nil, address)
            }
        return .imported(
            try await DeepgramClient.transcribe(
                file: file, url: url, channels: probe.channels, configuration: configuration))
    }
}
