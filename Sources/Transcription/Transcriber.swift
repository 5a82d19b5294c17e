import Core
import Foundation
import Media
import Transcripts

/// One recording in, one transcript out, whichever engine makes the words.
public enum Transcriber {
    /// Probes `source`, has `engine` transcribe it, then adds speakers (unless `skipDiarization`),
    /// utterances, roles and sentiment, and each utterance's signals (`UtteranceCues`), with its
    /// prosody measured from the audio when the recording is a file (a remote one is not
    /// downloaded twice: its utterances carry the cues of their words alone). With a resumable engine, `resume` holds the chunks a
    /// previous run finished and `onChunk` receives each new one (engines that work in one piece
    /// ignore both). `language` is the recording's `options.language` (a code or "auto"; nil: the
    /// engine's setting).
    public static func transcribe(
        _ source: MediaSource, engine: any TranscriptionEngine, skipDiarization: Bool = false,
        network: NetworkPolicy = .default, language: String? = nil,
        probe known: ProbeResult? = nil, resume: [ChunkTranscript] = [],
        onChunk: @escaping @Sendable (ChunkTranscript) async -> Void = { _ in },
        shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (TranscriptionProgress) -> Void = { _ in }
    ) async throws(TranscriptionError) -> Transcript {
        let probe: ProbeResult
        if let known {
            probe = known
        } else {
            do { probe = try Probe.probe(source, network: network) } catch { throw .media(error) }
        }
        let output: EngineOutput
        if let resumable = engine as? any ResumableTranscriptionEngine {
            output = try await resumable.transcribe(
                source, probe: probe, network: network, language: language, resume: resume, onChunk: onChunk,
                shouldStop: shouldStop, progress: progress)
        } else {
            output = try await engine.transcribe(
                source, probe: probe, network: network, language: language, progress: progress)
        }
        let transcript: Transcript
        switch output {
        case .chunks(let chunks, let channels, let model, let language):
            transcript = TranscriptAssembler.assemble(
                chunks: chunks, channels: channels, durationSeconds: probe.durationSeconds,
                skipDiarization: skipDiarization,
                engine: engine.name, model: model, language: language)
        case .imported(let imported):
            transcript = TranscriptAssembler.assemble(
                imported: imported, engine: engine.name, durationSeconds: probe.durationSeconds,
                skipDiarization: skipDiarization)
        }
        return await annotated(transcript, of: source)
    }

    /// `transcript` with its utterances' signals; prosody from `source` when it is a file (decoded
    /// on a thread of its own, off the cooperative pool).
    static func annotated(_ transcript: Transcript, of source: MediaSource) async -> Transcript {
        let prosody: [UtteranceProsody?]? =
            source.isRemote
            ? nil : await BlockingWork.run { try? ProsodyMeter.utterances(source, transcript: transcript) }
        return UtteranceCues.annotate(transcript, prosody: prosody)
    }
}
