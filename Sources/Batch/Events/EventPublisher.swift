import Foundation
import Manifests
import Sessions
import Store

/// Where every status change goes: the store's event log (keyed, so a resumed run never announces
/// the same thing twice) with the webhook outbox for each manifest webhook that wants the event
/// and for the recording's `callback_url`, in one transaction; then `events.jsonl` in the output
/// folder, written from the store, so no event a run stored is missing from the file.
public struct EventPublisher: Sendable {
    public let log: EventLog
    public let store: Store
    public let webhooks: [Manifest.Webhook]

    public init(log: EventLog, store: Store, webhooks: [Manifest.Webhook]) {
        self.log = log
        self.store = store
        self.webhooks = webhooks
    }

    /// Stores the event with its webhook deliveries, then writes every event of the recording not
    /// yet in `events.jsonl` (this one, and any a killed run stored but did not write). Returns
    /// false when the event had already been published (a resumed run).
    @discardableResult
    public func publish(_ event: SessionEvent, recordingID: String, callbackURL: String?) async throws -> Bool {
        let body = try event.encoded()
        var urls = webhooks.filter { $0.events.map { $0.map(\.rawValue).contains(event.type.rawValue) } ?? true }.map(
            \.url)
        if let callbackURL, !urls.contains(callbackURL) { urls.append(callbackURL) }
        let (seq, isNew) = try await store.appendEvent(
            event.type.rawValue, key: event.id, recordingID: recordingID, sessionID: event.sessionID, payload: body,
            webhooks: urls)
        for stored in try await store.unloggedEvents(recordingID: recordingID) {
            // Only an event stored before this call can already have its line: this one cannot.
            try log.append(stored.payload, id: stored.key ?? "", mayBeThere: !(isNew && stored.seq == seq))
            try await store.markLogged(stored.seq)
        }
        return isNew
    }
}
