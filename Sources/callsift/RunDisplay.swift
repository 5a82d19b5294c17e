import Batch
import Foundation
import Logging
import Sessions
import Synchronization
import Transcripts

/// How `callsift run` shows itself: a redrawn progress line on a terminal (recordings, audio
/// hours done, × realtime, ETA), one JSON log line per event with `--log-format json` (through
/// swift-log, `JSONLinesLogHandler`), or only the summary and errors with `--quiet`.
final class RunDisplay: Sendable {
    private struct State {
        var total = 0
        var toProcess = 0
        var done = 0
        var audioDone = 0.0
        /// Per recording in flight: seconds transcribed and its length.
        var inFlight: [String: (done: Double, total: Double?)] = [:]
        /// Per recording taken: its session id and bundle folder, for every later log line about it.
        var taken: [String: Logger.Metadata] = [:]
    }

    let format: RunCommand.LogFormat
    let quiet: Bool
    let terminal = isatty(STDERR_FILENO) == 1
    let started = Date()
    private let state = Mutex(State())

    /// The JSON log; every line carries the run's id.
    let logger: Logger

    init(format: RunCommand.LogFormat, quiet: Bool, runID: String) {
        self.format = format
        self.quiet = quiet
        var logger = Logger(label: "callsift.run") { _ in JSONLinesLogHandler() }
        logger[metadataKey: "run_id"] = .string(runID)
        self.logger = logger
    }

    func show(_ event: RunProgress.Event) {
        let line = state.withLock { state -> String? in
            switch event {
            case .discovered(let total, let toProcess):
                state.total = total
                state.toProcess = toProcess
            case .started(let source, let sessionID, let bundle):
                state.inFlight[source] = (0, nil)
                var known: Logger.Metadata = ["session_id": .string(sessionID)]
                if let bundle { known["bundle"] = .string(bundle) }
                state.taken[source] = known
            case .transcribed(let source, let seconds, let total):
                state.inFlight[source] = (seconds, total)
            case .completed(let source, _, _, let seconds):
                state.inFlight[source] = nil
                state.done += 1
                state.audioDone += seconds
            case .failed(let source, _), .stopped(let source, _):
                state.inFlight[source] = nil
                state.done += 1
            case .skipped, .warning:
                break
            }
            return progressLine(state)
        }
        if format == .json {
            let record = LogRecord(event)
            var fields = record.fields
            if let source = record.source {
                fields["source"] = .string(source)
                if let known = state.withLock({ $0.taken[source] }) { fields.merge(known) { own, _ in own } }
            }
            logger.log(level: record.level, "\(record.event)", metadata: fields)
            return
        }
        switch event {
        case .failed(let source, let error):
            clearLine()
            Output.error("\(source): error \(error.code): \(error.message)")
        case .warning(let source, let message):
            clearLine()
            Output.error("\(source): warning: \(message)")
        case .completed(let source, let conversations, let analyzed, _) where !quiet:
            clearLine()
            Output.line("\(source): \(conversations) conversation(s), \(analyzed) analyzed")
        case .stopped(let source, let reason) where !quiet:
            clearLine()
            Output.line("\(source): stopped (\(reason)); the next run resumes it")
        default:
            break
        }
        if terminal, !quiet, let line { Output.progress(line) }
    }

    private func progressLine(_ state: State) -> String {
        let elapsed = Date().timeIntervalSince(started)
        let audio = state.audioDone + state.inFlight.values.reduce(0) { $0 + $1.done }
        let speed = elapsed > 0 ? audio / elapsed : 0
        var line =
            "recordings \(state.done)/\(state.toProcess) · audio \(TimeSpan.clock(audio)) done · "
            + String(format: "%.1f× realtime", speed)
        let left = state.inFlight.values.reduce(0) { $0 + max(0, ($1.total ?? $1.done) - $1.done) }
        if speed > 0, left > 0 { line += " · ETA \(TimeSpan.clock(left / speed))+" }
        return line
    }

    private func clearLine() {
        if terminal, format == .text { Output.progress(nil) }
    }

    func finish() { clearLine() }

    func summary(_ summary: BatchRun.Summary) {
        if format == .json {
            let encoded =
                (try? BundleWriter.encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            Output.line(
                JSONLinesLogHandler.line(
                    level: summary.needsAttention ? .warning : .info, event: "summary", fields: logger.handler.metadata,
                    encoded: [("summary", encoded)]))
            return
        }
        Output.line(
            "\(summary.recordings) recording(s): \(summary.completed) completed, \(summary.failed) failed, \(summary.unchanged) unchanged, "
                + "\(summary.previouslyFailed) failed earlier, \(summary.heldByOthers) held by another run, \(summary.stopped) stopped"
                + (summary.truncated > 0 ? ", \(summary.truncated) truncated (processed as far as they go)" : "")
                + (summary.invalidEntries > 0
                    ? ", \(summary.invalidEntries) manifest entr\(summary.invalidEntries == 1 ? "y" : "ies") left out as invalid"
                    : "")
                + (summary.webhooksWaiting > 0
                    ? ", \(summary.webhooksWaiting) webhook deliver\(summary.webhooksWaiting == 1 ? "y" : "ies") waiting"
                    : "")
                + " · "
                + "\(summary.conversations) conversation(s), \(summary.analyzed) analyzed · \(TimeSpan.clock(summary.audioSeconds)) of audio in "
                + String(
                    format: "%.1f s (%.1f× realtime, %d at once)", summary.wallSeconds,
                    summary.wallSeconds > 0 ? summary.audioSeconds / summary.wallSeconds : 0, summary.jobs))
    }
}

/// One progress event as a log record: its name, level and fields (numbers as numbers).
struct LogRecord {
    let event: String
    let level: Logger.Level
    let source: String?
    let fields: Logger.Metadata

    init(_ event: RunProgress.Event) {
        func number(_ value: Double) -> Logger.Metadata.Value { .stringConvertible(value) }
        func count(_ value: Int) -> Logger.Metadata.Value { .stringConvertible(value) }
        switch event {
        case .discovered(let total, let toProcess):
            (self.event, level, source, fields) = (
                "discovered", .info, nil, ["recordings": count(total), "to_process": count(toProcess)]
            )
        case .started(let source, _, _):
            (self.event, level, self.source, fields) = ("started", .info, source, [:])
        case .transcribed(let source, let seconds, let total):
            var fields: Logger.Metadata = ["stage": "transcribe", "audio_seconds": number(seconds)]
            if let total { fields["total_seconds"] = number(total) }
            (self.event, level, self.source, self.fields) = ("transcribed", .info, source, fields)
        case .completed(let source, let conversations, let analyzed, let seconds):
            (self.event, level, self.source, fields) = (
                "completed", .info, source,
                ["conversations": count(conversations), "analyzed": count(analyzed), "audio_seconds": number(seconds)]
            )
        case .failed(let source, let error):
            (self.event, level, self.source, fields) = (
                "failed", .error, source, ["code": .string(error.code), "message": .string(error.message)]
            )
        case .skipped(let source, let reason):
            (self.event, level, self.source, fields) = ("skipped", .info, source, ["reason": .string(reason)])
        case .stopped(let source, let reason):
            (self.event, level, self.source, fields) = ("stopped", .notice, source, ["reason": .string(reason)])
        case .warning(let source, let message):
            (self.event, level, self.source, fields) = ("warning", .warning, source, ["message": .string(message)])
        }
    }
}
