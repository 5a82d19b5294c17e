import Foundation
import Media

/// One recording in, one transcript out, whichever engine makes the words.
public enum Transcriber {
    /// Probes `source`, has `engine` transcribe it, then adds speakers (unless `skipDiarization`),
    /// utterances, roles and sentiment.
    public static func transcribe(
        _ source: MediaSource, engine: any TranscriptionEngine, skipDiarization: Bool = false, network: NetworkPolicy = .default,
        progress: @escaping @Sendable (TranscriptionProgress) -> Void = { _ in }
    ) async throws(TranscriptionError) -> Transcript {
        let probe: ProbeResult
        do { probe = try Probe.probe(source, network: network) } catch { throw .media(error) }
        switch try await engine.transcribe(source, probe: probe, network: network, progress: progress) {
        case .chunks(let chunks, let channels, let model, let language):
            return TranscriptAssembler.assemble(
                chunks: chunks, channels: channels, durationSeconds: probe.durationSeconds, skipDiarization: skipDiarization,
                engine: engine.name, model: model, language: language)
        case .imported(let imported):
            return TranscriptAssembler.assemble(
                imported: imported, engine: engine.name, durationSeconds: probe.durationSeconds, skipDiarization: skipDiarization)
        }
    }
}
