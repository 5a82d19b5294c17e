import Foundation

/// Writes a session's files. Every file goes to a temporary name beside it and is renamed into
/// place, so a reader (or a run killed halfway) never sees half a file.
public enum BundleWriter {
    /// Compact, key-sorted JSON: the same records give the same bytes.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

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

    public static func atomically(_ data: Data, to path: String) throws {
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
