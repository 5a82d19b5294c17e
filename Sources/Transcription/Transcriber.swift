import Foundation
import Media

/// Which engine makes a transcript.
public enum EngineChoice: Sendable {
    /// faster-whisper offline (the default).
    case whisper(WhisperSettings)
    /// An existing transcript: the file named, or the first sidecar found beside the recording.
    case sidecar(path: String?)
    /// Deepgram's hosted API.
    case deepgram(DeepgramConfiguration)

    public var name: String {
        switch self {
        case .whisper: "whisper"
        case .sidecar: "sidecar"
        case .deepgram: "deepgram"
        }
    }
}

/// One recording in, one transcript out, whichever engine makes it.
public enum Transcriber {
    public static func transcribe(
        _ source: MediaSource, engine: EngineChoice, skipDiarization: Bool = false, network: NetworkPolicy = .default,
        progress: @escaping @Sendable (TranscriptionProgress) -> Void = { _ in }
    ) async throws(TranscriptionError) -> Transcript {
        let probe: ProbeResult
        do { probe = try Probe.probe(source, network: network) } catch { throw .media(error) }
        switch engine {
        case .whisper(let settings):
            let whisper = try WhisperEngine(settings: settings)
            defer { whisper.shutdown() }
            let run = try await whisper.run(source, totalSeconds: probe.durationSeconds, network: network, progress: progress)
            return TranscriptAssembler.assemble(
                chunks: run.chunks, channels: run.channels, durationSeconds: probe.durationSeconds, skipDiarization: skipDiarization,
                model: settings.modelName, language: settings.language)
        case .sidecar(let path):
            let sidecar: String
            if let path {
                sidecar = path
            } else if case .file(let recording) = source.location {
                sidecar = try SidecarReader.find(forRecording: recording)
            } else {
                throw .sidecarNotFound(source: source.description, looked: ["(a URL has no folder to look in: name the sidecar)"])
            }
            let imported = try SidecarReader.read(path: sidecar)
            return TranscriptAssembler.assemble(
                imported: imported, engine: "sidecar", durationSeconds: probe.durationSeconds, skipDiarization: skipDiarization)
        case .deepgram(let configuration):
            let file: String?
            let url: String?
            switch source.location {
            case .file(let path): (file, url) = (path, nil)
            case .url(let address): (file, url) = (nil, address)
            }
            let imported = try await DeepgramClient.transcribe(file: file, url: url, channels: probe.channels, configuration: configuration)
            return TranscriptAssembler.assemble(
                imported: imported, engine: "deepgram", durationSeconds: probe.durationSeconds, skipDiarization: skipDiarization)
        }
    }
}
