import Batch
import Foundation
import HTTP
import Manifests
import Sessions
import Store
import TestSupport
import Testing

/// `events.jsonl` against the store: whole lines, each event once, none a killed run stored lost.
@Suite struct EventPublisherTests {
    static func publisher(_ root: String, webhooks: [Manifest.Webhook] = []) throws -> EventPublisher {
        EventPublisher(
            log: EventLog(path: "\(root)/events.jsonl"), store: try Store(path: "\(root)/progress.sqlite"),
            webhooks: webhooks)
    }

    static func event(_ kind: SessionEvent.Kind, _ discriminator: String = "") -> SessionEvent {
        SessionEvent(
            type: kind, sessionID: "5e55104e-0000-4000-8000-000000000001", discriminator: discriminator,
            data: Data(#"{"n":1}"#.utf8))
    }

    static func loggedIDs(_ root: String) throws -> [String] {
        try String(contentsOfFile: "\(root)/events.jsonl", encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).dropLast()
            .map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["id"] as? String
                    ?? ""
            }
    }

    @Test func anEventStoredByARunKilledBeforeWritingItIsWrittenByTheNext() async throws {
        let root = try temporaryDirectory("events-killed")
        let publisher = try Self.publisher(root)
        let started = Self.event(.processingStarted)
        #expect(try await publisher.publish(started, recordingID: "r1", callbackURL: nil))
        // A run killed between storing an event and writing its line.
        let detected = Self.event(.detected)
        _ = try await publisher.store.appendEvent(
            detected.type.rawValue, key: detected.id, recordingID: "r1", sessionID: detected.sessionID,
            payload: detected.encoded()
        )
        #expect(try Self.loggedIDs(root) == [started.id])

        // The next run announces the same events again: each is written once, in the order stored.
        let rerun = try Self.publisher(root)
        #expect(try await !rerun.publish(started, recordingID: "r1", callbackURL: nil))
        let completed = Self.event(.completed)
        #expect(try await rerun.publish(completed, recordingID: "r1", callbackURL: nil))
        #expect(try await !rerun.publish(detected, recordingID: "r1", callbackURL: nil))
        #expect(try Self.loggedIDs(root) == [started.id, detected.id, completed.id])
        #expect(try await rerun.store.unloggedEvents(recordingID: "r1").isEmpty)
    }

    @Test func aLineWrittenButNotMarkedIsNotWrittenAgain() async throws {
        let root = try temporaryDirectory("events-written")
        let publisher = try Self.publisher(root)
        let event = Self.event(.analysisCompleted, "a1")
        let body = try event.encoded()
        // Killed after the line went out, before the store heard of it.
        _ = try await publisher.store.appendEvent(
            event.type.rawValue, key: event.id, recordingID: "r1", sessionID: event.sessionID, payload: body)
        try publisher.log.append(body, id: event.id)
        #expect(try await !publisher.publish(event, recordingID: "r1", callbackURL: nil))
        #expect(try Self.loggedIDs(root) == [event.id])
    }

    @Test func aTornTailIsCutBeforeTheNextLine() async throws {
        let root = try temporaryDirectory("events-torn")
        let publisher = try Self.publisher(root)
        let first = Self.event(.processingStarted)
        #expect(try await publisher.publish(first, recordingID: "r1", callbackURL: nil))
        // A full disk or a crash in the middle of a line.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(root)/events.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"created_at":"2026-"#.utf8))
        try handle.close()

        let second = Self.event(.detected)
        #expect(try await publisher.publish(second, recordingID: "r1", callbackURL: nil))
        #expect(try Self.loggedIDs(root) == [first.id, second.id], "every line whole JSON, none glued to the torn one")
    }

    @Test func webhookDeliveriesAreQueuedWithTheirEventOnce() async throws {
        let root = try temporaryDirectory("events-hooks")
        let hook = Manifest.Webhook(url: "http://127.0.0.1:9/hook")
        let publisher = try Self.publisher(root, webhooks: [hook])
        let event = Self.event(.completed)
        #expect(try await publisher.publish(event, recordingID: "r1", callbackURL: "http://127.0.0.1:9/callback"))
        #expect(try await !publisher.publish(event, recordingID: "r1", callbackURL: "http://127.0.0.1:9/callback"))
        let due = try await publisher.store.dueDeliveries(limit: 10)
        #expect(due.map(\.url).sorted() == ["http://127.0.0.1:9/callback", "http://127.0.0.1:9/hook"])
        #expect(due.allSatisfy { $0.body == (try? event.encoded()) })
    }

    @Test func aSignedDeliveryIsNotRedirectedToAnotherHost() async throws {
        let root = try temporaryDirectory("events-redirect")
        let url = try WebhookReceiver.shared().redirectingURL()
        let hook = Manifest.Webhook(url: url, secret: "s3cret")
        let publisher = try Self.publisher(root, webhooks: [hook])
        #expect(try await publisher.publish(Self.event(.completed), recordingID: "r1", callbackURL: nil))
        let outcome = try await WebhookSender(store: publisher.store, webhooks: [hook]).deliverDue()
        #expect(outcome.failed == 1 && outcome.delivered == 0)
        let waiting = try #require(try await publisher.store.delivery(1))
        #expect(waiting.lastError == "HTTP 307", "the redirect is the answer, not followed")
        #expect(try WebhookReceiver.shared().received(url).isEmpty, "nothing reached the other host")
        #expect(
            HTTPRequest.isSameOrigin(URL(string: "https://a.example/x"), URL(string: "https://a.example:443/y")))
        #expect(!HTTPRequest.isSameOrigin(URL(string: "https://a.example/x"), URL(string: "http://a.example/x")))
    }

    @Test func callbackDeliveriesAreSignedWithTheManifestsCallbackSecret() async throws {
        let root = try temporaryDirectory("events-callback")
        let callback = try WebhookReceiver.shared().url()
        let publisher = try Self.publisher(root)
        #expect(try await publisher.publish(Self.event(.completed), recordingID: "r1", callbackURL: callback))
        let outcome = try await WebhookSender(store: publisher.store, webhooks: [], callbackSecret: "cb-secret")
            .deliverDue()
        #expect(outcome.delivered == 1)
        let request = try #require(try WebhookReceiver.shared().received(callback).first)
        let headers = Dictionary(uniqueKeysWithValues: request.headers.map { ($0.key.lowercased(), $0.value) })
        let timestamp = try #require(headers[WebhookSignature.timestampHeader.lowercased()].flatMap { Int($0) })
        let signature = try #require(headers[WebhookSignature.signatureHeader.lowercased()])
        #expect(
            WebhookSignature.verify(
                body: Data(request.body.utf8), timestamp: timestamp, secret: "cb-secret", signature: signature))
    }
}
