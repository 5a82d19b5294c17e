import Foundation

/// `events.jsonl`: one JSON line per event, appended under an exclusive `flock`, so two runs
/// writing to the same output folder never interleave their lines.
///
/// Lines are whole or absent: a line is written in one call and, when the write fails part way
/// (a full disk), the file is cut back to where it was. A torn tail left by a crash is cut off
/// before the next line goes on, and a line already in the file (written by a run killed before it
/// could record that) is not written twice.
public struct EventLog: Sendable {
    public let path: String

    /// How far back from the end a line is looked for before it is appended: far more than the
    /// lines one recording's events add between being stored and being marked written.
    static let recentBytes = 1 << 20

    public init(path: String) {
        self.path = path
    }

    /// Appends `payload` (one event's JSON, without a newline), unless `mayBeThere` (the event was
    /// stored by an earlier, perhaps killed, process) and a recent line already holds the event `id`.
    public func append(_ payload: Data, id: String, mayBeThere: Bool = true) throws {
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(path, errno: errno, doing: "open") }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }

        let size = lseek(descriptor, 0, SEEK_END)
        guard size >= 0 else { throw Self.failure(path, errno: errno, doing: "read") }
        // The last byte tells whether the tail is whole; the recent lines are read only when the
        // tail must be cut or the event looked for.
        var last: UInt8 = 0x0A
        if size > 0, pread(descriptor, &last, 1, size - 1) != 1 {
            throw Self.failure(path, errno: errno, doing: "read")
        }
        let from = last == 0x0A && !mayBeThere ? size : max(0, size - off_t(Self.recentBytes))
        var recent = [UInt8](repeating: 0, count: Int(size - from))
        let read = recent.isEmpty ? 0 : pread(descriptor, &recent, recent.count, from)
        guard read == recent.count else { throw Self.failure(path, errno: errno, doing: "read") }
        // A tail without its newline is a line a crash or a full disk cut short: never valid JSON.
        var end = size
        if let last = recent.last, last != UInt8(ascii: "\n") {
            let kept = recent.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            end = from + off_t(kept)
            guard ftruncate(descriptor, end) == 0 else { throw Self.failure(path, errno: errno, doing: "repair") }
            recent.removeSubrange(kept...)
        }
        if mayBeThere, Self.holds(recent, id: id) { return }

        let line = [UInt8](payload) + [UInt8(ascii: "\n")]
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        guard written == line.count else {
            let code = written < 0 ? errno : ENOSPC
            _ = ftruncate(descriptor, end)
            throw Self.failure(path, errno: code, doing: "write")
        }
    }

    /// Whether the whole lines in `recent` hold the event `id` (event ids are UUIDs of their own,
    /// never the id of a session or an analysis inside an event's data).
    private static func holds(_ recent: [UInt8], id: String) -> Bool {
        Data(recent).range(of: Data("\"id\":\"\(id)\"".utf8)) != nil
    }

    private static func failure(_ path: String, errno code: Int32, doing action: String) -> CocoaError {
        CocoaError(
            .fileWriteUnknown,
            userInfo: [
                NSFilePathErrorKey: path,
                NSLocalizedDescriptionKey: "could not \(action) \(path): \(String(cString: strerror(code)))",
            ])
    }
}
