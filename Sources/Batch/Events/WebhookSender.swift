import Foundation
import HTTPGuard
import Manifests
import Store

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers the outbox: POSTs each due event, signed (see `WebhookSignature`) when the manifest
/// gives the webhook a secret, and reschedules failures with exponential backoff (30 s, 1 min,
/// 2 min… at most an hour apart) until `maximumAttempts`, after which the delivery is given up
/// and stays in the store with its last error. It never blocks the pipeline: the run calls it
/// between recordings and once at the end, and `callsift webhooks flush` on demand.
public struct WebhookSender: Sendable {
    public static let maximumAttempts = 10
    /// Signed deliveries follow redirects only to the same host.
    static let session = SameHostRedirects.session(.default)
    public let store: Store
    public let secrets: [String: String]
    public let timeoutSeconds: Double

    /// Signs deliveries to URLs that are not manifest webhooks: the recordings' `callback_url`s.
    let callbackSecret: String?

    public init(store: Store, webhooks: [Manifest.Webhook], callbackSecret: String? = nil, timeoutSeconds: Double = 10)
    {
        self.store = store
        secrets = Dictionary(
            webhooks.compactMap { hook in hook.secret.map { (hook.url, $0) } }, uniquingKeysWith: { first, _ in first })
        self.callbackSecret = callbackSecret
        self.webhookURLs = Set(webhooks.map(\.url))
        self.timeoutSeconds = timeoutSeconds
    }

    private let webhookURLs: Set<String>

    public struct Outcome: Sendable, Equatable {
        public var delivered = 0
        public var failed = 0
        public var gaveUp = 0

        public init() {}
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
                let giveUp = delivery.attempts >= Self.maximumAttempts
                let delay = min(3600, 30 * pow(2, Double(max(0, delivery.attempts - 1))))
                try await store.markFailed(
                    delivery.id, error: failure, retryAt: giveUp ? nil : Date().addingTimeInterval(delay))
                if giveUp { outcome.gaveUp += 1 } else { outcome.failed += 1 }
            }
        }
        return outcome
    }

    /// nil when the receiver answered 2xx; otherwise why not.
    func send(_ delivery: WebhookDelivery) async -> String? {
        guard let url = URL(string: delivery.url), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
            return "not an http(s) URL"
        }
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = "POST"
        request.httpBody = delivery.body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let event = try? JSONDecoder().decode(EventType.self, from: delivery.body) {
            request.setValue(event.type, forHTTPHeaderField: WebhookSignature.eventHeader)
        }
        let timestamp = Int(Date().timeIntervalSince1970)
        request.setValue(String(timestamp), forHTTPHeaderField: WebhookSignature.timestampHeader)
        if let secret = secrets[delivery.url] ?? (webhookURLs.contains(delivery.url) ? nil : callbackSecret) {
            request.setValue(
                WebhookSignature.sign(body: delivery.body, timestamp: timestamp, secret: secret),
                forHTTPHeaderField: WebhookSignature.signatureHeader
            )
        }
        do {
            let (_, response) = try await Self.session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (200..<300).contains(status) ? nil : "HTTP \(status)"
        } catch {
            return error.localizedDescription
        }
    }

    private struct EventType: Decodable {
        let type: String
    }
}
