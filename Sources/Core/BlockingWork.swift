import Foundation

/// Blocking work (FFmpeg decoding and cutting, a child process's pipes) on a thread of its own, so
/// that it never holds one of the cooperative pool's threads: there are as many as cores (two on
/// the development machine), and the lease heartbeat and the other recordings' jobs run there.
public enum BlockingWork {
    public static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let outcome: Result<T, E> = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: Result { () throws(E) in try body() }) }
        }
        return try outcome.get()
    }
}
