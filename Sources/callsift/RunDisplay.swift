import Batch
import Foundation
import Logging
import Sessions
import Synchronization
import Transcripts

/// How `callsift run` shows itself: a progress block redrawn on a terminal (the queue's line with
/// its ETA, a line per recording in flight), one JSON log line per event with `--log-format json` (through
/// swift-log, `JSONLinesLogHandler`), or only the summary and errors with `--quiet`.
final class RunDisplay: Sendable {
    private struct State {
        var progress = QueueProgress()
        /// Per recording taken: its session id and bundle folder, for every later log line about it.
        var taken: [String: Logger.Metadata] = [:]
    }

    let format: RunCommand.LogFormat
    let quiet: Bool
    /// Whether the progress block is drawn: text on a terminal, not quiet.
    let drawsProgress: Bool
    let started = Date()
    private let state = Mutex(State())

    /// The JSON log; every line carries the run's id.
    let logger: Logger

    init(format: RunCommand.LogFormat, quiet: Bool, runID: String) {
        self.format = format
        self.quiet = quiet
        drawsProgress = format == .text && !quiet && isatty(STDERR_FILENO) == 1
        var logger = Logger(label: "callsift.run") { _ in JSONLinesLogHandler() }
        logger[metadataKey: "run_id"] = .string(runID)
        self.logger = logger
    }

    func show(_ event: RunProgress.Event) {
        let lines = state.withLock { state -> [String]? in
            state.progress.apply(event)
            if case .started(let source, let sessionID, let bundle) = event {
                var known: Logger.Metadata = ["session_id": .string(sessionID)]
                if let bundle { known["bundle"] = .string(bundle) }
                state.taken[source] = known
            }
            return drawsProgress ? progressLines(state.progress) : nil
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
        if let lines { Output.progress(lines: lines) }
    }

    /// The progress block: "recordings 3/11 · audio 12:04 done · 21.3× realtime · ETA 2:10", then a
    /// line per recording in flight (one per slot) with its stage. The ETA is the audio still to do
    /// in the whole queue over the speed measured so far ("+" when some recordings' lengths are not
    /// known yet: URLs before they are taken).
    private func progressLines(_ progress: QueueProgress) -> [String] {
        let elapsed = Date().timeIntervalSince(started)
        var header =
            "recordings \(progress.done)/\(progress.toProcess) · audio \(TimeSpan.clock(progress.audioDone)) done · "
            + String(format: "%.1f× realtime", progress.speed(elapsed: elapsed))
        if let eta = progress.etaSeconds(elapsed: elapsed) {
            header += " · ETA \(TimeSpan.clock(eta))\(progress.lengthsUnknown > 0 ? "+" : "")"
        }
        let slots = progress.inFlight.keys.sorted().map { source in
            "  \((source as NSString).lastPathComponent) · \(progress.stage(of: source))"
        }
        return [header] + slots
    }

    private func clearLine() {
        if drawsProgress { Output.progress(nil) }
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
        for line in Self.summaryLines(summary) { Output.line(line) }
    }

    /// The summary in lines of at most 100 columns: the counts that are not zero (completed and
    /// failed always), then what was found and how fast.
    static func summaryLines(_ summary: BatchRun.Summary) -> [String] {
        var counts = ["\(summary.completed) completed", "\(summary.failed) failed"]
        for (count, words) in [
            (summary.unchanged, "unchanged"), (summary.previouslyFailed, "failed earlier"),
            (summary.heldByOthers, "held by another run"), (summary.doneByOthers, "done by another run"),
            (summary.stopped, "stopped"), (summary.notStarted, "not started"),
            (summary.truncated, "truncated (processed as far as they go)"),
            (
                summary.invalidEntries,
                summary.invalidEntries == 1 ? "manifest entry left out" : "manifest entries left out"
            ),
            (
                summary.webhooksWaiting,
                summary.webhooksWaiting == 1 ? "webhook delivery waiting" : "webhook deliveries waiting"
            ),
        ] where count > 0 {
            counts.append("\(count) \(words)")
        }
        var lines = ["\(summary.recordings) recording(s): "]
        for (index, count) in counts.enumerated() {
            let piece = count + (index < counts.count - 1 ? "," : "")
            if lines[lines.count - 1].count + piece.count + 1 > 100 { lines.append("  ") }
            lines[lines.count - 1] += (lines[lines.count - 1].hasSuffix(" ") ? "" : " ") + piece
        }
        let speed = summary.wallSeconds > 0 ? summary.audioSeconds / summary.wallSeconds : 0
        lines.append(
            "\(summary.conversations) conversation(s), \(summary.analyzed) analyzed · "
                + "\(TimeSpan.clock(summary.audioSeconds)) of audio in "
                + String(format: "%.1f s (%.1f× realtime, %d at once)", summary.wallSeconds, speed, summary.jobs))
        return lines
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
        case .discovered(let total, let toProcess, let queuedSeconds):
            (self.event, level, source, fields) = (
                "discovered", .info, nil,
                [
                    "recordings": count(total), "to_process": count(toProcess),
                    "queued_audio_seconds": number(queuedSeconds.values.reduce(0, +)),
                ]
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
