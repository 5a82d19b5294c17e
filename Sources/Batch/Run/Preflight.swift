import Foundation
import Manifests
import Media

/// What a run checks about the host before it takes any recording, so that a host problem is one
/// error for the run (exit 2, no recording changed) rather than one failed recording per file.
/// The engine's own check is `EngineFactory.prepare`.
enum Preflight {
    /// Room kept free beyond the estimate: the database's chunks, the events, the report pages.
    static let headroomBytes: Int64 = 64 << 20
    /// What a recording's bundle holds beyond its cut audio: transcript, session, analyses, page.
    static let bundleBytes: Int64 = 2 << 20

    /// The output folder exists (made when missing) and takes a new file.
    static func checkOutput(_ output: String) throws(EngineSetupError) {
        let probe = (output as NSString).appendingPathComponent(".callsift-write-check-\(getpid())")
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try Data("ok".utf8).write(to: URL(fileURLWithPath: probe))
            try FileManager.default.removeItem(atPath: probe)
        } catch {
            throw EngineSetupError(
                code: "output_not_writable",
                message:
                    "the output folder \(output) does not take files (\(error.localizedDescription)): "
                    + "fix its permissions or name another `output` in the manifest")
        }
    }

    /// At most what the run writes: each local recording's size when segments are cut (the cuts of
    /// its conversations are stream copies, never larger than the recording), plus its bundle's
    /// JSON and page. A URL's size is not known before it is read: it counts its bundle only.
    static func estimatedBytes(for work: [WorkItem], segmentsAudio: Bool) -> Int64 {
        work.reduce(headroomBytes) { total, item in
            var bytes = bundleBytes
            if segmentsAudio, case .file(let path) = item.media.location,
                let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
            {
                bytes += size.int64Value
            }
            return total + bytes
        }
    }

    /// Free space where the bundles go against `estimatedBytes`; `freeBytes` stands in for the
    /// file system's figure in tests.
    static func checkDiskSpace(
        output: String, work: [WorkItem], segmentsAudio: Bool, freeBytes: Int64? = nil
    ) throws(EngineSetupError) {
        // A file system that does not say how much is free: nothing to compare.
        guard let available = freeBytes ?? Self.freeBytes(at: output) else { return }
        let needed = estimatedBytes(for: work, segmentsAudio: segmentsAudio)
        guard available < needed else { return }
        throw EngineSetupError(
            code: "insufficient_disk_space",
            message:
                "\(output) has \(mebibytes(available)) free, and this run may write up to \(mebibytes(needed)) "
                + "(\(work.count) recording(s): their cut conversations and bundles): free some space, "
                + "point `output` at a larger disk, or set segments_audio: false to keep no audio")
    }

    /// The free space of the file system `path` is on; nil when it does not say.
    static func freeBytes(at path: String) -> Int64? {
        ((try? FileManager.default.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? NSNumber)?.int64Value
    }

    static func mebibytes(_ bytes: Int64) -> String { "\((bytes + (1 << 20) - 1) >> 20) MiB" }
}
