import Batch
import Foundation
import Synchronization
import Transcripts

/// How `callsift run` shows itself: a redrawn progress line on a terminal (recordings, audio
/// hours done, × realtime, ETA), one JSON object per event with `--log-format json`, or only the
/// summary and errors with `--quiet`.
final class RunDisplay: Sendable {
    private struct State {
        var total = 0
        var toProcess = 0
        var done = 0
        var audioDone = 0.0
        /// Per recording in flight: seconds transcribed and its length.
        var inFlight: [String: (done: Double, total: Double?)] = [:]
    }

    let format: RunCommand.LogFormat
    let quiet: Bool
    let terminal = isatty(STDERR_FILENO) == 1
    let started = Date()
    private let state = Mutex(State())

    init(format: RunCommand.LogFormat, quiet: Bool) {
        self.format = format
        self.quiet = quiet
    }

    func show(_ event: RunProgress.Event) {
        let line = state.withLock { state -> String? in
            switch event {
            case .discovered(let total, let toProcess):
                state.total = total
                state.toProcess = toProcess
            case .started(let source):
                state.inFlight[source] = (0, nil)
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
            Output.json(JSONEvent(event))
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
            Output.json(["summary": summary])
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

/// One progress event as a JSON line.
struct JSONEvent: Encodable {
    let event: String
    let source: String?
    let fields: [String: String]

    init(_ event: RunProgress.Event) {
        switch event {
        case .discovered(let total, let toProcess):
            (self.event, source, fields) = (
                "discovered", nil, ["recordings": String(total), "to_process": String(toProcess)]
            )
        case .started(let source):
            (self.event, self.source, fields) = ("started", source, [:])
        case .transcribed(let source, let seconds, let total):
            (self.event, self.source, fields) = (
                "transcribed", source,
                ["audio_seconds": String(seconds), "total_seconds": total.map { String($0) } ?? ""]
            )
        case .completed(let source, let conversations, let analyzed, let seconds):
            (self.event, self.source, fields) = (
                "completed", source,
                [
                    "conversations": String(conversations), "analyzed": String(analyzed),
                    "audio_seconds": String(seconds),
                ]
            )
        case .failed(let source, let error):
            (self.event, self.source, fields) = ("failed", source, ["code": error.code, "message": error.message])
        case .skipped(let source, let reason):
            (self.event, self.source, fields) = ("skipped", source, ["reason": reason])
        case .stopped(let source, let reason):
            (self.event, self.source, fields) = ("stopped", source, ["reason": reason])
        case .warning(let source, let message):
            (self.event, self.source, fields) = ("warning", source, ["message": message])
        }
    }

    enum CodingKeys: String, CodingKey { case event, source }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event, forKey: .event)
        try c.encodeIfPresent(source, forKey: .source)
        try fields.encode(to: encoder)
    }
}
