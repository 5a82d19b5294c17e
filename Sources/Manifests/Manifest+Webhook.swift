extension Manifest {
    /// An endpoint that is sent events, signed with HMAC-SHA256 when it has a secret.
    public struct Webhook: Sendable, Equatable {
        /// The events of the all-day session API.
        public enum Event: String, Sendable, CaseIterable {
            case processingStarted = "all_day_session.processing_started"
            case detected = "all_day_session.detected"
            case analysisCompleted = "analysis.completed"
            case completed = "all_day_session.completed"
            case failed = "all_day_session.failed"
        }

        public var url: String
        public var secret: String?
        /// The events sent; nil: all of them.
        public var events: [Event]?

        public init(url: String, secret: String? = nil, events: [Event]? = nil) {
            self.url = url
            self.secret = secret
            self.events = events
        }

        static func read(_ node: ManifestNode) -> Webhook? {
            let before = node.log.problems.count
            guard let fields = node.mapping(allowed: ["url", "secret", "events"]) else { return nil }
            let url = fields.require("url", "the http(s) address events are posted to")?.httpURL()
            let secret = fields["secret"]?.string()
            let events = fields["events"]?.list()?.compactMap { $0.choice(Event.self) }
            guard let url, node.log.problems.count == before else { return nil }
            return Webhook(url: url, secret: secret, events: events)
        }
    }
}
