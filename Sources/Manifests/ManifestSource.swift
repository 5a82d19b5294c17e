import Sessions

/// One entry of the manifest's `sources`: where recordings are and whose they are, with
/// `defaults` already applied. Discovery turns it into work items.
public struct ManifestSource: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The recordings a folder pattern matches.
        case folder(Folder)
        /// A file listing URLs: one a line, or CSV with a header (for a `.csv` name).
        case urlList(path: String)
        case recordingURL(String)
        case file(path: String)
    }

    /// `path` with its filters.
    public struct Folder: Sendable, Equatable {
        let pattern: PathPattern
        /// File-name globs, matched ignoring case; none: the audio formats callsift reads.
        public var include: [String]
        public var exclude: [String]
        /// Whether files in the folders below the matched ones count too.
        public var recursive: Bool

        /// Absolute, placeholders and globs as written.
        public var path: String { pattern.text }
    }

    public var kind: Kind
    public var orgID: String?
    public var repID: String?
    public var options: RecordingOptions
    public var metadata: [String: JSONValue]
    /// `insecure_tls: true`: its https servers need not show a trusted certificate (a self-signed
    /// one on the user's own network). Only where written, only for URL sources.
    public var insecureTLS = false
    /// Where the source is written: "sources[2]" on `line` of the manifest.
    public var field: String
    public var line: Int?

    static let keys = [
        "path", "include", "exclude", "recursive", "urls", "recording_url", "file", "org_id", "rep_id", "options",
        "metadata", "insecure_tls",
    ]
    static let kinds = ["path", "urls", "recording_url", "file"]

    /// Reads one source; nil (with its problems reported) when anything in it is wrong.
    static func read(_ node: ManifestNode, defaults: Manifest.Defaults, folder: String) -> ManifestSource? {
        let before = node.log.problems.count
        guard let fields = node.mapping(allowed: keys) else { return nil }
        let given = kinds.filter { fields[$0] != nil }
        if given.isEmpty {
            node.problem(
                .invalidSource, "a source needs one of path (a folder), urls (a list file), recording_url or file")
        } else if given.count > 1 {
            node.problem(
                .invalidSource, "\(given.joined(separator: " and ")) are mutually exclusive: write one source for each")
        }
        if given != ["path"] {
            for key in ["include", "exclude", "recursive"] where fields[key] != nil {
                fields[key]?.problem("applies to a folder (path) only")
            }
        }
        let orgID = fields["org_id"]?.identifier()
        let repID = fields["rep_id"]?.identifier()
        let options = fields["options"].flatMap(RecordingOptions.read)
        let metadata = fields["metadata"]?.object()
        let include = fields["include"]?.strings()
        let exclude = fields["exclude"]?.strings()
        let recursive = fields["recursive"]?.bool()
        let insecureTLS = fields["insecure_tls"]?.bool()
        if insecureTLS != nil, !["recording_url", "urls"].contains(given.first ?? "") {
            fields["insecure_tls"]?.problem("applies to URL sources (recording_url, urls) only")
        }

        var kind: Kind?
        if given.count == 1, let value = fields[given[0]] {
            switch given[0] {
            case "path":
                if let path = value.string() {
                    // A trailing "/" is the pattern's own: a last glob then matches folders.
                    let absolute = Manifest.absolute(path, in: folder)
                    do throws(PathPattern.Invalid) {
                        let pattern = try PathPattern(
                            path.hasSuffix("/") && absolute != "/" ? absolute + "/" : absolute)
                        kind = .folder(
                            Folder(
                                pattern: pattern, include: include ?? [], exclude: exclude ?? [],
                                recursive: recursive ?? false))
                    } catch {
                        value.problem(error.message)
                    }
                }
            case "urls":
                kind = value.string().map { .urlList(path: Manifest.absolute($0, in: folder)) }
            case "recording_url":
                kind = value.httpURL().map(Kind.recordingURL)
            default:
                if let file = value.string() {
                    if let message = EntryRules.fileProblem(file) {
                        value.problem(message)
                    } else {
                        kind = .file(path: Manifest.absolute(file, in: folder))
                    }
                }
            }
        }
        guard let kind, node.log.problems.count == before else { return nil }
        return ManifestSource(
            kind: kind, orgID: orgID ?? defaults.orgID, repID: repID ?? defaults.repID,
            options: defaults.options.overridden(by: options ?? .init()),
            metadata: defaults.metadata.merging(metadata ?? [:]) { $1 }, insecureTLS: insecureTLS ?? false,
            field: node.field, line: node.line)
    }
}
