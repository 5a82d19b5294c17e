/// One thing wrong with a manifest, a URL list or a source, said where it is (file, line, field
/// path) so a person can go straight to it. A problem with one source or entry skips only that one.
public struct ManifestProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Stable codes: what scripts match on.
    public enum Code: String, Sendable, Codable {
        /// The whole file cannot be used: unreadable, not YAML, or not a mapping at the top.
        case invalidManifest = "invalid_manifest"
        /// A value of the wrong type, out of range, or not matching its pattern.
        case invalidField = "invalid_field"
        /// A key callsift does not know: usually a typo.
        case unknownField = "unknown_field"
        /// A required key is absent.
        case missingField = "missing_field"
        /// The same key twice in one mapping (or one CSV header).
        case duplicateField = "duplicate_field"
        /// A source whose shape is wrong: none or several of `path`, `urls`, `recording_url`, `file`.
        case invalidSource = "invalid_source"
        /// A folder, list file or recording that does not exist.
        case sourceNotFound = "source_not_found"
        /// A symbolic link in a folder source that leads to no file (its target missing, or a loop).
        case brokenLink = "broken_link"
        /// A folder or list file that exists but cannot be read.
        case sourceUnreadable = "source_unreadable"
        /// A recording listed again; the first listing is the one processed.
        case duplicateSource = "duplicate_source"
        /// A folder source whose pattern matches no recording (a mistyped glob, or a day with none).
        case noMatch = "no_match"

        /// A notice, not a broken entry: nothing is left out because of it, so it does not make a
        /// run's exit status 1 or `--check` fail.
        public var isNotice: Bool { self == .duplicateSource || self == .noMatch }
    }

    /// The file the problem is in: the manifest, or a URL list it names (absolute).
    public var file: String
    /// 1-based; nil when the problem is about the whole file.
    public var line: Int?
    /// Where in the file: "sources[2].options.min_confidence", or a CSV column ("rep_id"); "" for the whole file.
    public var field: String
    public var code: Code
    public var message: String

    public init(file: String, line: Int?, field: String, code: Code, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.code = code
        self.message = message
    }

    /// "manifest.yaml:14: sources[2].options.min_confidence: must be between 0 and 1, got 1.5 (invalid_field)".
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        let what = field.isEmpty ? "" : "\(field): "
        return "\(place): \(what)\(message) (\(code.rawValue))"
    }
}
