import Foundation
import Store

/// Where every status change goes: `events.jsonl` in the output folder, the store's event log
/// (keyed, so a resumed run never announces the same thing twice), and the webhook outbox for
/// each manifest webhook that wants the event and for the recording's `callback_url`.
public struct EventPublisher: Sendable {
    public let log: EventLog
    public let store: Store
    public let webhooks: [Manifest.Webhook]

    public init(log: EventLog, store: Store, webhooks: [Manifest.Webhook]) {
        self.log = log
        self.store = store
        self.webhooks = webhooks
    }

    /// Returns false when the event had already been published (a resumed run).
    @discardableResult
    public func publish(_ event: SessionEvent, recordingID: String, callbackURL: String?) async throws -> Bool {
        let body = try BundleWriter.encoder.encode(event)
        let (seq, isNew) = try await store.appendEvent(
            event.type.rawValue, key: event.id, recordingID: recordingID, sessionID: event.sessionID, payload: body)
        guard isNew else { return false }
        try log.append(event)
        var urls = webhooks.filter { $0.events.map { $0.map(\.rawValue).contains(event.type.rawValue) } ?? true }.map(\.url)
        if let callbackURL, !urls.contains(callbackURL) { urls.append(callbackURL) }
        for url in urls { _ = try await store.enqueueWebhook(eventSeq: seq, url: url, body: body) }
        return true
    }
}
