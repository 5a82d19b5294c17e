import Sessions

extension Manifest {
    /// What every source starts from: a source (and then an entry: a folder name, a CSV cell) sets
    /// its own values over these, options key by key and metadata key by key.
    public struct Defaults: Sendable, Equatable {
        public var orgID: String?
        public var repID: String?
        public var options: RecordingOptions
        public var metadata: [String: JSONValue]

        public init(
            orgID: String? = nil, repID: String? = nil, options: RecordingOptions = .init(),
            metadata: [String: JSONValue] = [:]
        ) {
            self.orgID = orgID
            self.repID = repID
            self.options = options
            self.metadata = metadata
        }

        static func read(_ node: ManifestNode) -> Defaults? {
            guard let fields = node.mapping(allowed: ["org_id", "rep_id", "options", "metadata"]) else { return nil }
            return Defaults(
                orgID: fields["org_id"]?.identifier(), repID: fields["rep_id"]?.identifier(),
                options: fields["options"].flatMap(RecordingOptions.read) ?? .init(),
                metadata: fields["metadata"]?.object() ?? [:])
        }
    }
}
