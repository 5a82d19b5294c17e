import Media
import Sessions

/// One recording to process, as discovery found it: where it is, whose it is, with which options,
/// and where it was listed (for messages and `--dry-run`).
public struct WorkItem: Sendable, Equatable {
    /// An absolute file path or an http(s) URL, as the manifest or its listing wrote it.
    public var source: String {
        didSet { media = MediaSource(source) }
    }
    /// `source` parsed, once: what every stage reads.
    public private(set) var media: MediaSource
    public var orgID: String
    public var repID: String
    /// `defaults`, then the source's; the run applies the all-day session API's defaults to what is still unset.
    public var options: RecordingOptions
    /// `defaults`, then the source's, then the entry's own (a CSV row's columns, the `date` folder).
    public var metadata: [String: JSONValue]
    /// "manifest.yaml:14" or "urls.csv:3".
    public var origin: String
    /// Its source said `insecure_tls: true`.
    public var insecureTLS: Bool

    /// Timeouts and certificate checks for reading it.
    public var network: NetworkPolicy { NetworkPolicy(verifiesTLS: !insecureTLS) }

    public init(
        source: String, orgID: String, repID: String, options: RecordingOptions, metadata: [String: JSONValue],
        origin: String,
        insecureTLS: Bool = false
    ) {
        self.source = source
        media = MediaSource(source)
        self.orgID = orgID
        self.repID = repID
        self.options = options
        self.metadata = metadata
        self.origin = origin
        self.insecureTLS = insecureTLS
    }
}
