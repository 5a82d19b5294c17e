extension Manifest {
    /// How much runs at once.
    public struct Concurrency: Sendable, Equatable {
        /// Recordings processed at once; nil (`auto`) lets the run choose from the machine's cores.
        public var recordings: Int?
        /// The most recordings at once a manifest or `--jobs` may ask for: each holds a speech
        /// worker of about 1 GiB, so more would exhaust the memory of any host long before the cores.
        public static let maxRecordings = 64
        /// Conversations of one recording analyzed at once: 1…5, 5 by default (the all-day session API's limit).
        public var analysesPerRecording: Int

        public init(recordings: Int? = nil, analysesPerRecording: Int = 5) {
            self.recordings = recordings
            self.analysesPerRecording = analysesPerRecording
        }

        static func read(_ node: ManifestNode) -> Concurrency? {
            guard let fields = node.mapping(allowed: ["recordings", "analyses_per_recording"]) else { return nil }
            var concurrency = Concurrency()
            if let value = fields["recordings"], !value.isAuto {
                if let count = value.integer() {
                    if (1...maxRecordings).contains(count) {
                        concurrency.recordings = count
                    } else {
                        value.problem(
                            "must be 1 to \(maxRecordings) (or auto), got \(count): each recording at once holds a speech worker"
                        )
                    }
                }
            }
            if let value = fields["analyses_per_recording"], let count = value.integer() {
                if (1...5).contains(count) {
                    concurrency.analysesPerRecording = count
                } else {
                    value.problem("must be 1 to 5, got \(count)")
                }
            }
            return concurrency
        }
    }
}

extension ManifestNode {
    /// `auto`, or nothing written: let the run decide.
    fileprivate var isAuto: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return tag == .null || scalar.string == "auto"
    }
}
