import Conversations
import Foundation
import Media
import Transcripts

/// Writes a session's files. Every file goes to a temporary name beside it and is renamed into
/// place, so a reader (or a run killed halfway) never sees half a file.
public enum BundleWriter {
    /// Compact, key-sorted JSON: the same records give the same bytes.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A session's bundle folder: `<output>/<org_id>/<rep_id>/<session_id>/`; nil when an id would
    /// lead anywhere else (".." as an id, a slash in one): nothing is ever written outside the
    /// output folder, whatever the ids a manifest, a folder name or a CSV cell holds.
    public static func folder(output: String, orgID: String, repID: String, sessionID: String) -> String? {
        guard [orgID, repID, sessionID].allSatisfy(isPlainName) else { return nil }
        return [output, orgID, repID, sessionID].reduce("") { ($0 as NSString).appendingPathComponent($1) }
    }

    /// One path component that names a folder of its own: not empty, no slash, not only dots.
    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.contains("\0") && !name.allSatisfy { $0 == "." }
    }

    /// `DIR/session.json` and `DIR/analyses/<id>.json`; returns the paths written.
    @discardableResult
    public static func write(_ result: SessionAnalysis.Result, to directory: String) throws -> [String] {
        var written: [String] = []
        for record in result.analyses {
            written.append(try writeAnalysis(encoder.encode(record), id: record.id, to: directory))
        }
        return written + [try writeSession(result.session, to: directory)]
    }

    /// `DIR/analyses/<id>.json` from its encoded record; returns the path.
    @discardableResult
    public static func writeAnalysis(_ json: Data, id: String, to directory: String) throws -> String {
        let analyses = (directory as NSString).appendingPathComponent("analyses")
        try FileManager.default.createDirectory(atPath: analyses, withIntermediateDirectories: true)
        let path = (analyses as NSString).appendingPathComponent("\(id).json")
        try atomically(json, to: path)
        return path
    }

    /// `DIR/session.json`; returns the path.
    @discardableResult
    public static func writeSession(_ session: SessionRecord, to directory: String) throws -> String {
        try writeSession(encoder.encode(session), to: directory)
    }

    /// `DIR/session.json` from its encoded record (the same bytes go to the store and the events).
    @discardableResult
    public static func writeSession(_ json: Data, to directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent("session.json")
        try atomically(json, to: path)
        return path
    }

    /// `DIR/transcript.json`: the whole recording's transcript, utterances and words.
    public static func writeTranscript(_ transcript: Transcript, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try atomically(
            encoder.encode(transcript), to: (directory as NSString).appendingPathComponent("transcript.json"))
    }

    /// `DIR/segments/segment-<n>.<ext>`, stream-copied from the recording, for every segment but
    /// fragments: a person reviews, or rescues a skipped span, by listening. Returns the paths by
    /// segment index, and for each segment that could not be cut, why ("code: message"), the
    /// others still written; a folder that cannot be made fails every segment.
    public static func writeSegmentAudio(
        _ session: SessionRecord, from source: MediaSource, to directory: String, network: NetworkPolicy = .default
    ) -> (files: [Int: String], failures: [Int: String], rejectedPackets: [Int: Int]) {
        let folder = (directory as NSString).appendingPathComponent("segments")
        let wanted = session.segments.indices.filter { session.segments[$0].kind != .fragment }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            let why = "write_failed: the folder \(folder) could not be made (\(error.localizedDescription))"
            return ([:], Dictionary(uniqueKeysWithValues: wanted.map { ($0, why) }), [:])
        }
        var files: [Int: String] = [:]
        var failures: [Int: String] = [:]
        var rejected: [Int: Int] = [:]
        for index in wanted {
            let segment = session.segments[index]
            do {
                let cut = try Cutter.cut(
                    source, start: segment.startSeconds, end: segment.endSeconds,
                    to: .automatic(directory: folder, basename: "segment-\(index)"), network: network)
                files[index] = cut.output
                if cut.rejectedPackets > 0 { rejected[index] = cut.rejectedPackets }
            } catch {
                failures[index] = "\(error.code): \(error.message)"
            }
        }
        return (files, failures, rejected)
    }

    public static func atomically(_ data: Data, to path: String) throws {
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
