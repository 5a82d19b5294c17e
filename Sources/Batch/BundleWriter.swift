import Conversations
import Foundation
import Media
import Transcription

/// Writes a session's files. Every file goes to a temporary name beside it and is renamed into
/// place, so a reader (or a run killed halfway) never sees half a file.
public enum BundleWriter {
    /// Compact, key-sorted JSON: the same records give the same bytes.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A session's bundle folder: `<output>/<org_id>/<rep_id>/<session_id>/`.
    public static func folder(output: String, orgID: String, repID: String, sessionID: String) -> String {
        [output, orgID, repID, sessionID].reduce("") { ($0 as NSString).appendingPathComponent($1) }
    }

    /// `DIR/session.json` and `DIR/analyses/<id>.json`; returns the paths written.
    @discardableResult
    public static func write(_ result: SessionAnalysis.Result, to directory: String) throws -> [String] {
        let analyses = (directory as NSString).appendingPathComponent("analyses")
        try FileManager.default.createDirectory(atPath: analyses, withIntermediateDirectories: true)
        var written: [String] = []
        for record in result.analyses {
            let path = (analyses as NSString).appendingPathComponent("\(record.id).json")
            try atomically(encoder.encode(record), to: path)
            written.append(path)
        }
        let session = (directory as NSString).appendingPathComponent("session.json")
        try atomically(encoder.encode(result.session), to: session)
        return written + [session]
    }

    /// `DIR/transcript.json`: the whole recording's transcript, utterances and words.
    public static func writeTranscript(_ transcript: Transcript, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try atomically(encoder.encode(transcript), to: (directory as NSString).appendingPathComponent("transcript.json"))
    }

    /// `DIR/report.html`: the session as one self-contained page (see `SessionReport`), for a
    /// person who opens the bundle in a browser.
    public static func writeReport(
        _ session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String] = [:], to directory: String
    ) throws {
        let html = try SessionReport.render(session: session, analyses: analyses, segmentFiles: segmentFiles)
        try atomically(Data(html.utf8), to: (directory as NSString).appendingPathComponent("report.html"))
    }

    /// `DIR/segments/segment-<n>.<ext>`, stream-copied from the recording, for every segment but
    /// fragments: a person reviews, or rescues a skipped span, by listening. Returns the paths by
    /// segment index; a cut that fails is reported in `failures`, the others still written.
    public static func writeSegmentAudio(
        _ session: SessionRecord, from source: MediaSource, to directory: String, network: NetworkPolicy = .default
    ) throws -> (files: [Int: String], failures: [Int: MediaError]) {
        let folder = (directory as NSString).appendingPathComponent("segments")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [Int: String] = [:]
        var failures: [Int: MediaError] = [:]
        for (index, segment) in session.segments.enumerated() where segment.kind != ConversationSegment.Kind.fragment.rawValue {
            do {
                let cut = try Cutter.cut(
                    source, start: segment.startSeconds, end: segment.endSeconds,
                    to: .automatic(directory: folder, basename: "segment-\(index)"), network: network)
                files[index] = cut.output
            } catch {
                failures[index] = error
            }
        }
        return (files, failures)
    }

    public static func atomically(_ data: Data, to path: String) throws {
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
