import Foundation
import Store
import Synchronization

/// Keeps a run's `QueueProgress` in its row of the store as the run goes, so `callsift status`
/// (on any host that reads the database) shows how far a running run is. Every event updates the
/// figures; one task writes the newest of them at most once per `interval`, so a slow database
/// never holds up a recording and a chunk's progress costs no write of its own.
final class ProgressRecorder: Sendable {
    private let progress = Mutex(QueueProgress())
    private let closing = StopFlag()
    private let started: Date
    private let snapshots: AsyncStream<QueueProgress.Snapshot>.Continuation
    private let writer: Task<Void, Never>

    init(store: Store, runID: String, started: Date, interval: Duration = .seconds(1)) {
        self.started = started
        let (stream, continuation) = AsyncStream.makeStream(
            of: QueueProgress.Snapshot.self, bufferingPolicy: .bufferingNewest(1))
        snapshots = continuation
        let closing = closing
        writer = Task {
            for await snapshot in stream {
                // A failed write is not worth stopping a run for: the next one carries the same figures.
                try? await store.updateRunProgress(id: runID, progress: snapshot.encoded())
                // The pause ends early when the run does, so its last figures wait for nothing.
                for _ in 0..<10 where !closing.isSet { try? await Task.sleep(for: interval / 10) }
            }
        }
    }

    func record(_ event: RunProgress.Event) {
        let now = Date()
        let snapshot = progress.withLock { progress in
            progress.apply(event) ? progress.snapshot(started: started, now: now) : nil
        }
        if let snapshot { snapshots.yield(snapshot) }
    }

    /// The last figures written, then no more.
    func finish() async {
        snapshots.yield(progress.withLock { $0.snapshot(started: started) })
        close()
        await writer.value
    }

    /// No more writes after the one waiting (a run that ends with an error).
    func close() {
        closing.stop("the run ended")
        snapshots.finish()
    }
}
