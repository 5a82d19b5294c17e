import Foundation
import Media
import TestSupport
import Testing
import Transcripts

@testable import Transcription

/// The offline engine, end to end: real speech through callsift's decoder into faster-whisper.
/// Serialized: each test runs the model, and two at once on two cores only slow both down.
@Suite(.serialized) struct WhisperTests {
    static let librivox = "/usr/share/pocketsphinx/test/data/librivox"
    /// One warm worker for the suite, as a batch keeps one per parallel slot.
    static let shared = Result { () throws(TranscriptionError) -> WhisperEngine in try WhisperEngine() }
    static var engine: WhisperEngine { get throws { try shared.get() } }

    /// Word error rate between two texts, after normalizing both alike (case, punctuation, "Mr.").
    static func normalize(_ text: String) -> [String] {
        let spelled = ["mr": "mister", "mrs": "missus", "dr": "doctor"]
        return text.lowercased().replacingOccurrences(of: "-", with: " ")
            .split(whereSeparator: { $0.isWhitespace })
            .map { WordText.normalized(String($0)) }.filter { !$0.isEmpty }
            .map { spelled[$0] ?? $0 }
    }

    @Test func wordErrorRateOnRealSpeechIsLow() async throws {
        let lines = try String(contentsOfFile: "\(Self.librivox)/transcription", encoding: .utf8).split(separator: "\n")
        let engine = try Self.engine
        var reference: [String] = []
        var hypothesis: [String] = []
        for line in lines {
            // "<s> and mister john dashwood ... </s> (sense_and_sensibility_01_austen_64kb-0870)"
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")") else { continue }
            let id = line[line.index(after: open)..<close]
            let text = line[..<open].replacingOccurrences(of: "<s>", with: "").replacingOccurrences(
                of: "</s>", with: "")
            let run = try engine.transcribe(MediaSource("\(Self.librivox)/\(id).wav"))
            reference += Self.normalize(text)
            hypothesis += Self.normalize(run.chunks.flatMap(\.words).map(\.punctuatedWord).joined(separator: " "))
        }
        let wer = wordErrorRate(reference: reference, hypothesis: hypothesis)
        print(
            "WER on pocketsphinx-testdata librivox: \(String(format: "%.1f", wer * 100))% over \(reference.count) words"
        )
        #expect(reference.count > 50)
        #expect(wer <= 0.08, "WER \(wer)")
    }

    /// Share of words whose speaker matches the truth, under the best mapping of labels to speakers.
    static func speakerAccuracy(_ transcript: Transcript, _ conversation: Conversation) -> Double {
        var counts: [Int: [Int: Int]] = [:]
        var total = 0
        for word in transcript.words {
            guard let truth = conversation.speaker(at: (word.start + word.end) / 2), let label = word.speaker else {
                continue
            }
            counts[label, default: [:]][truth, default: 0] += 1
            total += 1
        }
        let correct = counts.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
        return total == 0 ? 0 : Double(correct) / Double(total)
    }

    @Test func aDialerStereoCallIsSplitByChannelAndTheRepIsFound() async throws {
        let conversation = try Fixtures.shared().conversation()
        let transcript = try await Transcriber.transcribe(MediaSource(conversation.stereo), engine: try Self.engine)
        let accuracy = Self.speakerAccuracy(transcript, conversation)
        print("stereo speaker accuracy: \(String(format: "%.1f", accuracy * 100))% of \(transcript.words.count) words")
        #expect(transcript.diarization == "stereo channels")
        #expect(transcript.speakers.count == 2)
        #expect(accuracy >= 0.97)
        // Channel 0 is the rep: the left side says "this is Alex from Northwind".
        #expect(transcript.speakers.first { $0.role == .rep }?.id == 0)
        #expect(transcript.utterances.count >= 10)
        #expect(transcript.text.lowercased().contains("northwind"))
    }

    @Test func aMonoCallIsSplitByVoice() async throws {
        let conversation = try Fixtures.shared().conversation()
        let transcript = try await Transcriber.transcribe(MediaSource(conversation.mono), engine: try Self.engine)
        let accuracy = Self.speakerAccuracy(transcript, conversation)
        print(
            "mono speaker accuracy: \(String(format: "%.1f", accuracy * 100))% of \(transcript.words.count) words, \(transcript.speakers.count) speakers"
        )
        #expect(transcript.diarization == "voice embeddings")
        #expect(transcript.speakers.count == 2)
        #expect(accuracy >= 0.85)
        let rep = try #require(transcript.speakers.first { $0.role == .rep })
        #expect(
            transcript.utterances.first { $0.speaker == rep.id }?.transcript.lowercased().contains("northwind") == true)
    }

    @Test func skipDiarizationGivesOneSpeaker() async throws {
        let conversation = try Fixtures.shared().conversation()
        let transcript = try await Transcriber.transcribe(
            MediaSource(conversation.stereo), engine: try Self.engine, skipDiarization: true)
        #expect(Set(transcript.words.compactMap(\.speaker)) == [0])
        #expect(transcript.diarization == "none")
    }

    @Test func silenceAndMusicGiveAnEmptyTranscript() async throws {
        let (silence, music) = try Fixtures.shared().nonSpeech()
        for path in [silence, music] {
            let transcript = try await Transcriber.transcribe(MediaSource(path), engine: try Self.engine)
            #expect(transcript.words.isEmpty, "\(path): \(transcript.text)")
            #expect(transcript.utterances.isEmpty)
        }
    }

    @Test func longRecordingsAreCutIntoChunksAtSilences() throws {
        let conversation = try Fixtures.shared().conversation()
        let engine = try WhisperEngine(settings: WhisperSettings(maxChunkSeconds: 15))
        defer { engine.shutdown() }
        let run = try engine.transcribe(MediaSource(conversation.mono))
        #expect(run.chunks.count >= 3)
        var audio: [Float] = []
        let decoder = try AudioDecoder(MediaSource(conversation.mono))
        while let chunk = try decoder.next() { audio += chunk.channels[0] }
        for (previous, next) in zip(run.chunks, run.chunks.dropFirst()) {
            #expect(abs(previous.endSeconds - next.startSeconds) < 1e-9, "chunks must tile the recording")
            #expect(previous.endSeconds - previous.startSeconds <= 15.0001)
            // Cut at a pause: the 100 ms around the cut are silent.
            let cut = Int(previous.endSeconds * 16_000)
            let around = Array(audio[max(0, cut - 800)..<min(audio.count, cut + 800)])
            #expect(rms(around) < 0.01, "the cut at \(previous.endSeconds) s is not in a pause (RMS \(rms(around)))")
        }
        let words = Self.normalize(run.chunks.flatMap(\.words).map(\.punctuatedWord).joined(separator: " "))
        let truth = Self.normalize(conversation.turns.map(\.text).joined(separator: " "))
        #expect(wordErrorRate(reference: truth, hypothesis: words) <= 0.25)
    }

    @Test func resumingAfterACheckpointDoesOnlyTheRest() throws {
        let conversation = try Fixtures.shared().conversation()
        let engine = try WhisperEngine(settings: WhisperSettings(maxChunkSeconds: 15))
        defer { engine.shutdown() }
        let whole = try engine.transcribe(MediaSource(conversation.mono))
        var seen: [Int] = []
        let resumed = try engine.transcribe(
            MediaSource(conversation.mono), resume: Array(whole.chunks.prefix(2)), onChunk: { seen.append($0.index) })
        #expect(seen == Array(2..<whole.chunks.count))
        #expect(resumed.chunks.map(\.startSeconds) == whole.chunks.map(\.startSeconds))
        #expect(resumed.chunks.flatMap(\.words).map(\.word) == whole.chunks.flatMap(\.words).map(\.word))
    }

    @Test func aModelFolderWithoutAModelIsRefusedBeforeAnyWorkerStarts() throws {
        let folder = try temporaryDirectory("no-model")
        do {
            _ = try WhisperEngine(settings: WhisperSettings(modelPath: folder))
            Issue.record("should be refused")
        } catch {
            #expect(
                error.code == "engine_unavailable" && error.message.contains(folder)
                    && error.message.contains("model.bin"), "\(error)")
        }
    }

    /// callsift killed with SIGKILL (a cron timeout) cannot stop its worker; the worker must not
    /// go on without it. Here its parent, a shell, is killed while the worker's input stays open.
    @Test func aWorkerWhoseCallsiftIsKilledEndsWithinSeconds() throws {
        let script = ScriptedCall.repositoryRoot.appendingPathComponent(
            "Sources/Transcription/Resources/whisper_worker.py"
        ).path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        // `sleep` holds the worker's stdin open, so only the parent's death can end it.
        shell.arguments = ["-c", "sleep 119 | '\(WhisperSettings.defaultPython())' '\(script)' --device cpu & wait"]
        try shell.run()
        func worker() -> Int32? {
            let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
            return pids.first { pid in
                guard let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
                    command.contains(script),
                    let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return false }
                return stat[stat.index(after: close)...].split(separator: " ").dropFirst().first
                    == Substring(String(shell.processIdentifier))
            }
        }
        var found: Int32?
        for _ in 0..<100 where found == nil {
            usleep(50_000)
            found = worker()
        }
        let pid = try #require(found, "the worker did not start")
        usleep(500_000)  // past its first lines: the watch has started
        // Not waitUntilExit: Foundation would wait for the shell's other child, `sleep`, too.
        kill(shell.processIdentifier, SIGKILL)
        var alive = true
        for _ in 0..<50 where alive {
            usleep(100_000)
            // A zombie (exited, not yet reaped by whoever adopted it) is gone too.
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)).flatMap { stat in
                stat.lastIndex(of: ")").flatMap { stat[stat.index(after: $0)...].split(separator: " ").first }
            }
            alive = state != nil && state != "Z"
        }
        #expect(!alive, "the worker outlived its parent by 5 s")
        if alive { kill(pid, SIGKILL) }
        _ = try? Tool.run(["pkill", "-x", "-f", "sleep 119"], check: false)
    }

    @Test func aKilledWorkerIsRestartedAndItsChunkRetried() throws {
        let conversation = try Fixtures.shared().conversation()
        let engine = try WhisperEngine(settings: WhisperSettings(maxChunkSeconds: 15))
        defer { engine.shutdown() }
        var killed = false
        let run = try engine.transcribe(
            MediaSource(conversation.mono),
            onChunk: { _ in
                if !killed, let pid = engine.workerProcessIdentifier {
                    kill(pid, SIGKILL)
                    killed = true
                }
            })
        #expect(killed)
        #expect(engine.workerLaunches == 2)
        #expect(run.chunks.count >= 3)
        #expect(run.chunks.dropFirst().allSatisfy { !$0.words.isEmpty })
    }

    @Test func aHungWorkerIsKilledAndReplaced() throws {
        let conversation = try Fixtures.shared().conversation()
        let engine = try WhisperEngine(settings: WhisperSettings(maxChunkSeconds: 15, chunkTimeoutSeconds: 20))
        defer { engine.shutdown() }
        var stopped = false
        let run = try engine.transcribe(
            MediaSource(conversation.mono),
            onChunk: { _ in
                if !stopped, let pid = engine.workerProcessIdentifier {
                    kill(pid, SIGSTOP)  // alive, but never answers
                    stopped = true
                }
            })
        #expect(stopped)
        #expect(engine.workerLaunches == 2)
        #expect(run.chunks.dropFirst().allSatisfy { !$0.words.isEmpty })
    }

    @Test func aWorkerThatCannotStartFailsWithItsStderr() async throws {
        let directory = try temporaryDirectory("broken-python")
        let python = "\(directory)/python"
        try "#!/bin/sh\necho 'ModuleNotFoundError: No module named faster_whisper' >&2\nexit 3\n"
            .write(toFile: python, atomically: true, encoding: .utf8)
        chmod(python, 0o755)
        let speech = try Fixtures.shared().speech[.wav]!
        do {
            let broken = try WhisperEngine(settings: WhisperSettings(python: python))
            defer { broken.shutdown() }
            _ = try await Transcriber.transcribe(MediaSource(speech), engine: broken)
            Issue.record("should fail")
        } catch {
            #expect(error.code == "transcription_failed")
            #expect(error.details["worker_stderr"]?.contains("faster_whisper") == true, "\(error.details)")
        }
    }

    @Test func aMissingVirtualenvSaysToRunSetup() async throws {
        do {
            _ = try WhisperEngine(settings: WhisperSettings(python: "/nonexistent/.venv/bin/python"))
            Issue.record("should fail")
        } catch {
            #expect(error.code == "engine_unavailable")
            #expect(error.message.contains("make setup"))
        }
    }
}
