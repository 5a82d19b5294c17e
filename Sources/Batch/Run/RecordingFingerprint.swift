import Crypto
import Foundation
import Manifests
import Media
import Sessions
import Store

/// Who a recording is, for the store: a stable id from where it lives, and for local files the
/// size, modification time and a content fingerprint, so an edited or replaced file is noticed.
enum RecordingFingerprint {
    /// SHA-256 over the size and the first and last MiB: it changes with any re-encode or trim,
    /// and costs two reads however long the recording.
    static let sampleBytes = 1 << 20

    /// The same on every run and host: it follows from where the recording lives, not from its bytes.
    static func recordingID(of item: WorkItem) -> String {
        DeterministicID.make(name: "recording/\(item.source)").lowercasedID
    }

    static func identity(of item: WorkItem) -> RecordingIdentity {
        let id = recordingID(of: item)
        guard case .file(let path) = item.media.location else {
            return RecordingIdentity(id: id, source: item.source, kind: .url, orgID: item.orgID, repID: item.repID)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value
        let mtime = attributes?[.modificationDate] as? Date
        return RecordingIdentity(
            id: id, source: item.source, kind: .file, orgID: item.orgID, repID: item.repID, size: size, mtime: mtime,
            fingerprint: size.flatMap { fingerprint(path: path, size: $0) })
    }

    static func fingerprint(path: String, size: Int64) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        hash.update(data: Data(String(size).utf8))
        guard let head = try? handle.read(upToCount: sampleBytes) else { return nil }
        hash.update(data: head)
        if size > Int64(sampleBytes) {
            guard (try? handle.seek(toOffset: UInt64(max(Int64(sampleBytes), size - Int64(sampleBytes))))) != nil,
                let tail = try? handle.read(upToCount: sampleBytes)
            else { return nil }
            hash.update(data: tail)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
