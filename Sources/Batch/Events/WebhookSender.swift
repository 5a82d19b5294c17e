import Foundation
import HTTP
import Manifests
import Store

/// Delivers the outbox: POSTs each due event, signed (see `WebhookSignature`) when the manifest
/// gives the webhook a secret, and reschedules failures on the manifest's `webhook_retry` backoff
/// (by default 30 s, 1 min, 2 min… at most an hour apart, 10 tries), after which the delivery is
/// given up and stays in the store with its last error. It never blocks the pipeline: a run calls
/// it from a loop of its own every 5 s and once at the end, and `callsift webhooks flush` on demand.
public struct WebhookSender: Sendable {
    public let store: Store
    public let retry: Manifest.WebhookRetry
    public let secrets: [String: String]
    public let timeoutSeconds: Double

    /// Signs deliveries to URLs that are not manifest webhooks: the recordings' `callback_url`s.
    let callbackSecret: String?

    public init(
        store: Store, webhooks: [Manifest.Webhook], callbackSecret: String? = nil,
        retry: Manifest.WebhookRetry = .init(), timeoutSeconds: Double = 10
    ) {
        self.store = store
        self.retry = retry
        secrets = Dictionary(
            webhooks.compactMap { hook in hook.secret.map { (hook.url, $0) } }, uniquingKeysWith: { first, _ in first })
        self.callbackSecret = callbackSecret
        self.webhookURLs = Set(webhooks.map(\.url))
        self.timeoutSeconds = timeoutSeconds
        // One delivery at a time; signed deliveries follow redirects only to the same host.
        transport = HTTPTransport(timeoutSeconds: timeoutSeconds, maxConcurrency: 1)
    }

    private let webhookURLs: Set<String>
    private let transport: HTTPTransport

    public struct Outcome: Sendable, Equatable {
        public var delivered = 0
        public var failed = 0
        public var gaveUp = 0

        public init() {}
    }

    /// Sends what is due now (up to `limit`) and words a warning when some failed: how many wait
    /// for a retry, how many were given up; nil when none failed (or the store could not be read).
    public func deliverDueWarning(limit: Int) async -> String? {
        guard let outcome = try? await deliverDue(limit: limit) else { return nil }
        var parts: [String] = []
        if outcome.failed > 0 {
            parts.append(
                "\(outcome.failed) webhook delivery attempt(s) failed; each is tried again on its backoff "
                    + "(\(Self.seconds(retry.delay(after: 1))), then twice as long each time, at most an hour apart)")
        }
        if outcome.gaveUp > 0 {
            parts.append(
                "\(outcome.gaveUp) given up after \(retry.attempts) tries (kept in the store with their last error)"
            )
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Sends every undelivered webhook now: deliveries waiting out a backoff are made due first,
    /// then batches are sent until a batch sends nothing (given-up deliveries are not retried).
    public func flush() async throws -> Outcome {
        try await store.makeDeliveriesDue()
        var total = Outcome()
        while true {
            let outcome = try await deliverDue()
            total.delivered += outcome.delivered
            total.failed += outcome.failed
            total.gaveUp += outcome.gaveUp
            if outcome.delivered + outcome.failed + outcome.gaveUp == 0 { return total }
        }
    }

    /// Sends what is due now (up to `limit`).
    public func deliverDue(limit: Int = 100) async throws -> Outcome {
        var outcome = Outcome()
        for delivery in try await store.dueDeliveries(limit: limit) {
            switch await send(delivery) {
            case nil:
                try await store.markDelivered(delivery.id)
                outcome.delivered += 1
            case let failure?:
                let giveUp = delivery.attempts >= retry.attempts
                try await store.markFailed(
                    delivery.id, error: failure,
                    retryAt: giveUp ? nil : Date().addingTimeInterval(retry.delay(after: delivery.attempts)))
                if giveUp { outcome.gaveUp += 1 } else { outcome.failed += 1 }
            }
        }
        return outcome
    }

    /// nil when the receiver answered 2xx; otherwise why not.
    func send(_ delivery: WebhookDelivery) async -> String? {
        guard let url = HTTPRequest.webURL(delivery.url) else { return "not an http(s) URL" }
        var headers = ["Content-Type": "application/json"]
        if let event = try? JSONDecoder().decode(EventType.self, from: delivery.body) {
            headers[WebhookSignature.eventHeader] = event.type
        }
        let timestamp = Int(Date().timeIntervalSince1970)
        headers[WebhookSignature.timestampHeader] = String(timestamp)
        if let secret = secrets[delivery.url] ?? (webhookURLs.contains(delivery.url) ? nil : callbackSecret) {
            headers[WebhookSignature.signatureHeader] =
                WebhookSignature.sign(body: delivery.body, timestamp: timestamp, secret: secret)
        }
        // One try: the outbox schedules the next one.
        switch await transport.send(HTTPRequest(url: url, headers: headers, body: .data(delivery.body))).outcome {
        case .answered(let answer): return answer.isSuccess ? nil : "HTTP \(answer.status)"
        case .timedOut: return "no answer within \(Int(transport.timeoutSeconds)) s"
        case .unreachable(let reason): return reason
        case .cancelled: return "cancelled"
        }
    }

    /// "30 s", "1 min", "1.5 min".
    private static func seconds(_ value: Double) -> String {
        value < 60 ? "\(Int(value)) s" : (value / 60).formatted(.number.precision(.fractionLength(0...1))) + " min"
    }

    private struct EventType: Decodable {
        let type: String
    }
}
