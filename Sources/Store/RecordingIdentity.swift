import Foundation

/// What a recording is, as the manifest and the file system see it now. `id` is the caller's
/// deterministic id (the same source gives the same id on every run and host); size, mtime and
/// fingerprint tell a changed source from the one already processed. Those three are optional:
/// a URL may have none, and a field is compared only when both the stored and the new identity know it.
public struct RecordingIdentity: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case file, url
    }

    public var id: String
    /// The path or URL.
    public var source: String
    public var kind: Kind
    public var orgID: String
    public var repID: String
    public var size: Int64?
    public var mtime: Date?
    /// A content hash, e.g. SHA-256 of the file or of its first bytes.
    public var fingerprint: String?

    public init(
        id: String, source: String, kind: Kind, orgID: String, repID: String, size: Int64? = nil, mtime: Date? = nil,
        fingerprint: String? = nil
    ) {
        self.id = id
        self.source = source
        self.kind = kind
        self.orgID = orgID
        self.repID = repID
        self.size = size
        self.mtime = mtime
        self.fingerprint = fingerprint
    }
}
