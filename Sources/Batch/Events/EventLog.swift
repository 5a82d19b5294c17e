import Foundation

/// `events.jsonl`: one JSON line per event, appended under an exclusive `flock`, so two runs
/// writing to the same output folder never interleave their lines.
public struct EventLog: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func append(_ event: SessionEvent) throws {
        let line = try BundleWriter.encoder.encode(event) + Data("\n".utf8)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        try line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
                offset += written
            }
        }
    }
}
