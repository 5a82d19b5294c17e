import Foundation

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

    /// How a failed webhook delivery is retried: after `firstSeconds`, then twice as long each time
    /// up to an hour apart, `attempts` tries in all, after which it is given up (and kept in the
    /// store with its last error).
    public struct WebhookRetry: Sendable, Equatable {
        public var firstSeconds: Double
        public var attempts: Int
        public static let longestWaitSeconds = 3600.0

        public init(firstSeconds: Double = 30, attempts: Int = 10) {
            self.firstSeconds = firstSeconds
            self.attempts = attempts
        }

        /// The wait before the next try, after `attempts` tries have failed.
        public func delay(after attempts: Int) -> Double {
            min(Self.longestWaitSeconds, firstSeconds * pow(2, Double(max(0, attempts - 1))))
        }

        static func read(_ node: ManifestNode) -> WebhookRetry? {
            guard let fields = node.mapping(allowed: ["first_seconds", "attempts"]) else { return nil }
            var retry = WebhookRetry()
            if let value = fields["first_seconds"], let seconds = value.number() {
                if (1...longestWaitSeconds).contains(seconds) {
                    retry.firstSeconds = seconds
                } else {
                    value.problem("must be 1 to 3600 seconds, got \(seconds.formatted())")
                }
            }
            if let value = fields["attempts"], let count = value.integer() {
                if (1...100).contains(count) {
                    retry.attempts = count
                } else {
                    value.problem("must be 1 to 100, got \(count)")
                }
            }
            return retry
        }
    }
}
