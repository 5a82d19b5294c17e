import Core
import Foundation
import Media
import Transcripts

/// How far a transcription has got, for progress lines.
public struct TranscriptionProgress: Sendable {
    public var chunksDone: Int
    /// Seconds of the recording transcribed so far (from its start, resumed chunks included).
    public var audioSeconds: Double
    /// The recording's length, when known.
    public var totalSeconds: Double?
    /// Wall-clock seconds since this transcription started.
    public var elapsedSeconds: Double
    /// Seconds of audio transcribed in this run per wall-clock second.
    public var realtimeFactor: Double
}

/// The offline engine: faster-whisper in a long-lived worker, fed by callsift's own decoder.
///
/// One engine is one worker, so one transcription at a time; a batch runs one engine per parallel
/// slot. Blocking: use `transcribe` from a dedicated thread, or `run` from async code.
public final class WhisperEngine: @unchecked Sendable {
    // @unchecked: `lock` serializes every use of the worker.
    public let settings: WhisperSettings
    private let worker: WhisperWorker
    private let lock = NSLock()
    /// The language of the chunk being decoded: the recording's, or once the model has detected
    /// it, the detected one, so the chunk's second looks decode in the same language.
    private var chunkLanguage: String?

    public init(settings: WhisperSettings = WhisperSettings()) throws(TranscriptionError) {
        self.settings = settings
        worker = try WhisperWorker(settings: settings)
    }

    /// Times the worker process was started (1 after a clean run; more after recoveries).
    public var workerLaunches: Int { worker.launches }
    /// The worker's process id while it runs (tests kill it to check recovery).
    public var workerProcessIdentifier: Int32? { worker.processIdentifier }
    /// The worker's peak resident memory in KiB, as it last reported: what a parallel slot costs.
    public private(set) var workerPeakKiB = 0
    /// Why the voice encoder failed, once it has: voices are then told apart by callsift's own
    /// features (the transcript's `diarization` says `voice clustering`).
    public private(set) var encoderFailure: String?

    public func shutdown() {
        lock.withLock { worker.stop() }
    }

    /// Transcribes `source` chunk by chunk. `resume` holds chunks already done (from a checkpoint):
    /// decoding starts where the last one ended. `onChunk` sees each new chunk as soon as it is done;
    /// `shouldStop`, asked before each new chunk, ends the work early with `.stopped`. `language`
    /// (the recording's `options.language`) overrides the settings': a code, or "auto".
    public func transcribe(
        _ source: MediaSource, totalSeconds: Double? = nil, network: NetworkPolicy = .default,
        language: String? = nil, resume: [ChunkTranscript] = [],
        onChunk: (ChunkTranscript) -> Void = { _ in }, shouldStop: () -> Bool = { false },
        progress: (TranscriptionProgress) -> Void = { _ in }
    ) throws(TranscriptionError) -> (chunks: [ChunkTranscript], channels: Int, warnings: [String]) {
        lock.lock()
        defer { lock.unlock() }
        let started = Date()
        // Whisper knows languages, not regions: "en-US" is decoded as "en".
        let language = language.map(LanguageCode.primary)
        try requireLanguage(language ?? settings.language.map(LanguageCode.primary) ?? "auto", source: source)
        let resumeAt = resume.last?.endSeconds ?? 0
        let chunker: SpeechChunker
        do {
            chunker = try SpeechChunker(
                source, startSeconds: resumeAt, firstIndex: (resume.last?.index ?? -1) + 1,
                maxChunkSeconds: settings.maxChunkSeconds, network: network)
        } catch {
            throw .media(error)
        }
        var chunks = resume
        while true {
            if shouldStop() {
                throw .stopped(source: source.description, atSeconds: chunks.last?.endSeconds ?? resumeAt)
            }
            let next: SpeechChunk?
            do { next = try chunker.next() } catch { throw .media(error) }
            guard let chunk = next else { break }
            let decoder = ChunkDecoder { (samples, decoding) throws(TranscriptionError) in
                try self.transcribe(samples, of: chunk, decoding: decoding, source: source)
            }
            chunkLanguage = language
            let heard = try decoder.decode(chunk)
            workerPeakKiB = max(workerPeakKiB, heard.peakKiB)
            let embed: (([TimeSpan]) -> [[Float]]?)? =
                worker.voiceEncoder && encoderFailure == nil
                ? { pieces in
                    guard !pieces.isEmpty else { return [] }
                    do {
                        return try self.transcribe(
                            chunk.samples[...], of: chunk, decoding: .embed(pieces), source: source
                        ).embeddings ?? []
                    } catch {
                        // Voices are then told apart by callsift's own features, for the rest of the run.
                        self.encoderFailure = (error as? TranscriptionError)?.message ?? "\(error)"
                        return nil
                    }
                } : nil
            var done = ChunkAnalysis.make(chunk: chunk, heard: heard, embed: embed)
            done.language = chunkLanguage
            chunks.append(done)
            onChunk(done)
            let elapsed = Date().timeIntervalSince(started)
            progress(
                TranscriptionProgress(
                    chunksDone: chunks.count, audioSeconds: done.endSeconds, totalSeconds: totalSeconds,
                    elapsedSeconds: elapsed,
                    realtimeFactor: elapsed > 0 ? (done.endSeconds - resumeAt) / elapsed : 0))
        }
        return (chunks, chunker.sourceChannels, chunker.warnings)
    }

    /// Starts the worker and waits until its models are loaded. A run calls this before it takes
    /// any recording: a Python without faster-whisper, a broken model or a missing library is then
    /// one error for the run (`engine_unavailable`, with the worker's last words), not one failed
    /// recording per file.
    public func warmUp() throws(TranscriptionError) {
        lock.lock()
        defer { lock.unlock() }
        do {
            try worker.start()
        } catch {
            // Its stderr is read by a thread of its own: give the last line a moment to arrive.
            for _ in 0..<10 where worker.stderr.text.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
            let said = worker.stderr.text.split(separator: "\n").last.map { ": \($0)" } ?? ""
            throw .engineUnavailable(engine: "whisper", reason: "the speech worker " + Self.describe(error) + said)
        }
    }

    /// A language the model does not know (any but English, for tiny.en) cannot be honoured: the
    /// recording fails with a reason rather than being transcribed as English noise, or the worker
    /// failing on a code Whisper has never heard of.
    private func requireLanguage(_ language: String, source: MediaSource) throws(TranscriptionError) {
        guard language != "auto", language != "en" else { return }
        do { try worker.start() } catch {
            throw .engineUnavailable(engine: "whisper", reason: "the speech worker " + Self.describe(error))
        }
        guard !worker.languages.contains(language) else { return }
        throw .languageUnsupported(
            source: source.description, language: language, model: settings.modelName,
            multilingual: worker.languages.count > 1)
    }

    /// Sends audio of one chunk (all of it, or a stretch for a second look); a worker that dies or
    /// hangs is restarted and the audio tried once more.
    private func transcribe(
        _ samples: ArraySlice<Float>, of chunk: SpeechChunk, decoding: WhisperWorker.Decoding, source: MediaSource
    ) throws(TranscriptionError) -> WorkerAnswer {
        let seconds = Double(samples.count) / 16_000
        // The sequential decoder may try six temperatures: give it room for that.
        let timeout = settings.chunkTimeoutSeconds ?? (120 + (decoding == .sequential ? 12 : 3) * seconds)
        var failures: [String] = []
        for _ in 0..<2 {
            do {
                let answer = try worker.transcribe(
                    id: chunk.index, samples: samples, decoding: decoding, language: chunkLanguage, timeout: timeout)
                if decoding == .configured, chunkLanguage == nil || chunkLanguage == "auto" {
                    chunkLanguage = answer.language
                }
                return answer
            } catch {
                failures.append(Self.describe(error))
                worker.kill()
            }
        }
        throw .failed(
            source: source.description,
            reason:
                "the speech worker failed twice on the chunk at \(TimeSpan.clock(chunk.startSeconds)): \(failures.joined(separator: "; then "))",
            details: [
                "chunk": String(chunk.index), "chunk_start_seconds": String(chunk.startSeconds),
                "worker_stderr": worker.stderr.text,
            ])
    }

    private static func describe(_ failure: WhisperWorker.Failure) -> String {
        switch failure {
        case .couldNotStart(let why): "it could not start (\(why); is `make setup` done?)"
        case .died(let status): status >= 0 ? "it exited with status \(status)" : "it died"
        case .hung(let seconds): "it gave no answer in \(Int(seconds)) s"
        case .refused(let message): "it refused the chunk: \(message)"
        }
    }
}

extension WhisperEngine {
    /// `transcribe` on a thread of its own, so the blocking decode and worker I/O never hold one of
    /// the cooperative pool's few threads. Each finished chunk is handed to `onChunk` in the caller's
    /// async world (to be stored as a checkpoint) while the next one decodes, and its progress is
    /// reported once `onChunk` has returned: what is reported done is stored. Every chunk has been
    /// handed over before this returns or throws.
    public func run(
        _ source: MediaSource, totalSeconds: Double? = nil, network: NetworkPolicy = .default,
        language: String? = nil, resume: [ChunkTranscript] = [],
        onChunk: @escaping @Sendable (ChunkTranscript) async -> Void = { _ in },
        shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (TranscriptionProgress) -> Void = { _ in }
    ) async throws(TranscriptionError) -> (chunks: [ChunkTranscript], channels: Int, warnings: [String]) {
        enum Handed: Sendable {
            case chunk(ChunkTranscript)
            case progress(TranscriptionProgress)
        }
        let (handed, handOver) = AsyncStream.makeStream(of: Handed.self)
        let delivery = Task {
            for await next in handed {
                switch next {
                case .chunk(let chunk): await onChunk(chunk)
                case .progress(let figures): progress(figures)
                }
            }
        }
        let outcome: Result<(chunks: [ChunkTranscript], channels: Int, warnings: [String]), TranscriptionError>
        do {
            outcome = .success(
                try await BlockingWork.run { () throws(TranscriptionError) in
                    try self.transcribe(
                        source, totalSeconds: totalSeconds, network: network, language: language, resume: resume,
                        onChunk: { handOver.yield(.chunk($0)) }, shouldStop: shouldStop,
                        progress: { handOver.yield(.progress($0)) })
                })
        } catch {
            outcome = .failure(error)
        }
        handOver.finish()
        await delivery.value
        return try outcome.get()
    }
}
