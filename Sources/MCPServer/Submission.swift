import Batch
import Foundation
import MCP
import Sessions
import Synchronization

/// One recording an agent submitted, worked on in the background: the stage it is at, how it
/// ended, and the callers waiting on it who asked for progress.
final class Submission: Sendable {
    enum Outcome: Sendable {
        case failed(ErrorObject)
    }

    /// A value several tasks read and one writes.
    final class Box<Value: Sendable>: Sendable {
        private let storage: Mutex<Value>
        init(_ value: Value) { storage = Mutex(value) }
        var value: Value { storage.withLock { $0 } }
        func set(_ value: Value) { storage.withLock { $0 = value } }
    }

    /// Set once, right after init, before anyone waits on it.
    nonisolated(unsafe) var job = Task<Void, Never> {}
    /// nil while it works and once it completed; a failure's error otherwise.
    let outcome = Box<Outcome?>(nil)
    /// Set when the work ended, however it ended: a later submission of the same recording starts
    /// again (the run skips it at once if it is unchanged, and redoes it if it changed).
    let ended = Box(false)
    /// Its recording in the store, whose status tells the stage it is at.
    let recordingID: String
    private let listeners = Mutex<[UUID: ProgressReporter]>([:])

    init(recordingID: String) { self.recordingID = recordingID }

    func listen(_ reporter: ProgressReporter) -> UUID {
        let id = UUID()
        listeners.withLock { $0[id] = reporter }
        return id
    }

    func forget(_ id: UUID) { listeners.withLock { _ = $0.removeValue(forKey: id) } }

    /// An event of the run: a failure is kept, and every event is passed on to whoever listens.
    func heard(_ event: RunProgress.Event) {
        if case .failed(_, let error) = event { outcome.set(.failed(error)) }
        for reporter in listeners.withLock({ Array($0.values) }) { reporter.report(event) }
    }
}

/// Progress notifications for one tool call that asked for them (its `progressToken`), in
/// percent, in order, never going back: transcription is 0–90 (the audio transcribed against the
/// recording's length), finding and scoring the conversations the last 10.
final class ProgressReporter: Sendable {
    private let continuation: AsyncStream<ProgressNotification.Parameters>.Continuation
    private let sender: Task<Void, Never>
    private let sent = Mutex<Double>(-1)
    private let token: ProgressToken

    init(server: Server, token: ProgressToken) {
        self.token = token
        let (stream, continuation) = AsyncStream.makeStream(of: ProgressNotification.Parameters.self)
        self.continuation = continuation
        sender = Task {
            for await parameters in stream { try? await server.notify(ProgressNotification.message(parameters)) }
        }
    }

    /// Sends what is queued, then nothing more: called before the call's result goes out.
    func finish() async {
        continuation.finish()
        await sender.value
    }

    func report(_ event: RunProgress.Event) {
        switch event {
        case .started(let source, _, _): send(0, "working on \(source)")
        case .transcribed(_, let done, let total):
            let share = total.map { $0 > 0 ? min(1, done / $0) : 0 }
            send(
                share.map { 90 * $0 },
                "transcribed \(Self.clock(done))" + (total.map { " of \(Self.clock($0))" } ?? ""))
        case .completed(_, let conversations, let analyzed, _):
            send(100, "\(conversations) conversation(s) found, \(analyzed) analyzed")
        case .failed(_, let error): send(100, "failed: \(error.code)")
        default: break
        }
    }

    /// Sends when the figure moved forward; without a figure, nothing goes.
    private func send(_ percent: Double?, _ message: String) {
        guard let percent else { return }
        let forward = sent.withLock { last in
            defer { last = max(last, percent) }
            return percent > last
        }
        guard forward else { return }
        continuation.yield(.init(progressToken: token, progress: percent, total: 100, message: message))
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
