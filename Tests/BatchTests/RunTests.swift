import Foundation
import Store
import TestSupport
import Testing

@testable import Batch
@testable import Manifests
@testable import Sessions

/// Runs of a scripted archive, in process.
extension ScriptedArchive {
    func load() throws -> (Manifest, [WorkItem]) {
        let manifest = try Manifest.load(path: self.manifest)
        return (manifest, SourceDiscovery.discover(manifest).items)
    }

    func run(_ options: BatchRun.Options = .init()) async throws -> BatchRun.Summary {
        let (manifest, items) = try load()
        return try await BatchRun.run(manifest, items: items, options: options)
    }
}

@Suite struct RunTests {
    @Test func aRunWritesABundlePerRecordingAndFailsOnlyTheBrokenOne() async throws {
        let archive = try ScriptedArchive.make(["discovery-call", "competitor-call", "internal-chatter"])
        let summary = try await archive.run()
        #expect(summary.recordings == 4)
        #expect(summary.completed == 3)
        #expect(summary.failed == 1)
        #expect(summary.conversations == 2)
        #expect(summary.analyzed == 2)
        let recordings = try await Store(path: "\(archive.root)/progress.sqlite").recordings()
        #expect(recordings.map(\.attempts) == [1, 1, 1, 1], "each taken once")

        let sessions = try archive.sessions()
        let failed = try #require(sessions.first { $0["status"] as? String == "failed" })
        #expect((failed["error"] as? [String: Any])?["code"] as? String == "corrupt_media")
        #expect((failed["recording_url"] as? String)?.hasSuffix("broken.wav") == true)
        let chatter = try #require(
            sessions.first { ($0["recording_url"] as? String)?.hasSuffix("internal-chatter.wav") == true })
        #expect(chatter["status"] as? String == "completed")
        let spans = try #require(chatter["segments"] as? [[String: Any]])
        #expect(chatter["segments_detected"] as? Int == spans.count && chatter["segments_analyzed"] as? Int == 0)
        #expect(
            spans.allSatisfy { $0["is_sales_conversation"] as? Bool == false },
            "internal talk only: no sales conversation, a success")

        // The discovery call's bundle: session, transcript, its analysis, its audio.
        let discovery = try #require(
            sessions.first { ($0["recording_url"] as? String)?.hasSuffix("discovery-call.wav") == true })
        let folder = "\(archive.root)/out/northwind/alex/\(discovery["id"] as! String)"
        let segment = try #require((discovery["segments"] as? [[String: Any]])?.first)
        #expect(segment["customer_name"] as? String == "Jordan")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/transcript.json"))
        #expect(FileManager.default.fileExists(atPath: "\(folder)/\(segment["analysis_url"] as! String)"))
        #expect(FileManager.default.fileExists(atPath: "\(folder)/segments/segment-0.wav"))
        let playback = try #require(segment["playback"] as? [String: Any])
        #expect((playback["ffmpeg_extract"] as? String)?.contains("discovery-call.wav") == true)

        // Events, in order, per session.
        let events = try archive.events()
        let forDiscovery = events.filter { $0["session_id"] as? String == discovery["id"] as? String }.map {
            $0["type"] as! String
        }
        #expect(
            forDiscovery == [
                "all_day_session.processing_started", "all_day_session.detected", "analysis.completed",
                "all_day_session.completed",
            ])
        #expect(events.contains { $0["type"] as? String == "all_day_session.failed" })

        // Webhooks: every event delivered, signed with the manifest's secret.
        let received = try WebhookReceiver.shared().received(archive.webhook)
        #expect(received.count == events.count)
        for request in received {
            let headers = Dictionary(uniqueKeysWithValues: request.headers.map { ($0.key.lowercased(), $0.value) })
            let timestamp = try #require(headers["x-callsift-timestamp"].flatMap { Int($0) })
            let signature = try #require(headers["x-callsift-signature"])
            #expect(
                WebhookSignature.verify(
                    body: Data(request.body.utf8), timestamp: timestamp, secret: "s3cret", signature: signature))
            #expect(
                !WebhookSignature.verify(
                    body: Data(request.body.utf8), timestamp: timestamp, secret: "wrong", signature: signature))
        }
    }

    @Test func aSegmentThatCannotBeCutFailsItsRecordingAndTheNextRunCutsIt() async throws {
        let archive = try ScriptedArchive.make(["discovery-call"], broken: false)
        let (manifest, items) = try archive.load()
        let item = try #require(items.first)
        let recordingID = DeterministicID.make(name: "recording/\(item.source)").lowercasedID
        let folder = try #require(
            BundleWriter.folder(
                output: manifest.output, orgID: item.orgID, repID: item.repID,
                sessionID: RecordingJob.sessionID(recordingID: recordingID).lowercasedID))
        // A file where the cuts go: as with a full disk, no segment can be written.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: "\(folder)/segments", contents: Data("in the way".utf8)))

        let first = try await archive.run()
        #expect(first.failed == 1 && first.completed == 0, "a conversation without its audio is not completed")
        let failed = try #require(try await Store(path: "\(archive.root)/progress.sqlite").recordings().first)
        #expect(failed.status == .failed && failed.error?.code == "export_failed")
        #expect(failed.error?.message.contains("\(folder)/segments") == true, "\(failed.error?.message ?? "")")

        // The space is back: a plain run (no --retry-failed) cuts it, without transcribing again.
        try FileManager.default.removeItem(atPath: "\(folder)/segments")
        let second = try await archive.run()
        #expect(second.completed == 1 && second.failed == 0)
        let cuts = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/segments")
        #expect(cuts.contains { $0.hasPrefix("segment-0.") }, "\(cuts)")
        let session = try #require(try archive.sessions().first)
        #expect(session["status"] as? String == "completed")
    }

    @Test func aTruncatedRecordingIsProcessedWithAWarningOrFailsWhenTheManifestSaysSo() async throws {
        func truncatedArchive() throws -> ScriptedArchive {
            let archive = try ScriptedArchive.make(["discovery-call"], broken: false)
            // An upload cut short: half the bytes, the header still promising all of them.
            let path = "\(archive.folder)/discovery-call.wav"
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
            return archive
        }
        let warned = try truncatedArchive()
        let summary = try await warned.run()
        #expect(summary.completed == 1 && summary.truncated == 1 && !summary.needsAttention)
        let session = try #require(try warned.sessions().first)
        let warnings = try #require(session["warnings"] as? [String])
        #expect(warnings.count == 1 && warnings[0].contains("truncated"), "\(warnings)")

        let strict = try truncatedArchive()
        let manifest = try String(contentsOfFile: strict.manifest, encoding: .utf8)
        try manifest.replacingOccurrences(of: "output: out\n", with: "output: out\non_truncated: fail\n")
            .write(toFile: strict.manifest, atomically: true, encoding: .utf8)
        let failed = try await strict.run()
        #expect(failed.failed == 1 && failed.completed == 0)
        let recording = try #require(try await Store(path: "\(strict.root)/progress.sqlite").recordings().first)
        #expect(recording.error?.code == "truncated_media")
    }

    @Test func aFileInTheWayOfABundleFolderIsAWriteFailureNamingThePath() async throws {
        let archive = try ScriptedArchive.make(["discovery-call"], broken: false)
        // The org folder of every bundle is taken by a file.
        try FileManager.default.createDirectory(atPath: "\(archive.root)/out", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: "\(archive.root)/out/northwind", contents: Data("x".utf8)))
        let summary = try await archive.run()
        #expect(summary.failed == 1)
        let recording = try #require(try await Store(path: "\(archive.root)/progress.sqlite").recordings().first)
        let failure = try #require(recording.error)
        #expect(failure.code == "write_failed")
        #expect(
            failure.message.contains("\(archive.root)/out/northwind")
                && failure.message.contains("no file stands where a folder should be"))
        #expect(!failure.message.contains("NSCocoaErrorDomain"), "\(failure.message)")
    }

    @Test func aSecondRunSkipsWhatIsDoneAndRedoesAChangedSource() async throws {
        let archive = try ScriptedArchive.make(["pricing-call", "renewal-call"])
        let first = try await archive.run()
        #expect(first.completed == 2 && first.failed == 1)
        let ids = try archive.sessions().map { $0["id"] as! String }
        let eventCount = try archive.events().count

        let second = try await archive.run()
        #expect(second.completed == 0)
        #expect(second.unchanged == 2)
        #expect(second.previouslyFailed == 1)
        #expect(try archive.events().count == eventCount, "nothing announced twice")

        // The renewal recording is replaced by a longer take: processed again, into the same folder.
        try ScriptedArchive.record("renewal-call", as: "renewal-call", in: archive.folder, padding: 5)
        let third = try await archive.run()
        #expect(third.completed == 1)
        #expect(third.unchanged == 1)
        #expect(try archive.sessions().map { $0["id"] as! String } == ids, "same ids: the same files are rewritten")

        // `retry`: the broken file, now fixed, is taken again.
        try FileManager.default.removeItem(atPath: "\(archive.folder)/broken.wav")
        try ScriptedArchive.record("authority-call", as: "broken", in: archive.folder)
        let retried = try await archive.run(.init(retryFailed: true))
        #expect(retried.completed == 1)
        #expect(retried.failed == 0)
    }

    @Test func reanalyzeRescoresFromTheStoredTranscriptWithoutTranscribing() async throws {
        let archive = try ScriptedArchive.make(["discovery-call"], broken: false)
        _ = try await archive.run()
        // Without the sidecar, transcribing again would fail: re-analysis must not need it.
        try FileManager.default.removeItem(atPath: "\(archive.folder)/discovery-call.srt")
        let again = try await archive.run(.init(reanalyze: true))
        #expect(again.completed == 1)
        #expect(again.failed == 0)
        #expect(again.analyzed == 1)
    }

    @Test func twoRunsAtOnceNeverTakeTheSameRecording() async throws {
        let archive = try ScriptedArchive.make(
            ["discovery-call", "competitor-call", "renewal-call", "authority-call", "pricing-call", "voicemail"],
            broken: false)
        async let one = archive.run(.init(jobs: 2))
        async let two = archive.run(.init(jobs: 2))
        let (a, b) = try await (one, two)
        #expect(a.completed + b.completed == 6, "each recording once: \(a) \(b)")
        #expect(a.failed + b.failed == 0)
        for summary in [a, b] {
            let accounted =
                summary.completed + summary.failed + summary.unchanged + summary.previouslyFailed + summary.heldByOthers
                + summary.doneByOthers + summary.stopped + summary.notStarted
            #expect(accounted == summary.recordings, "each run's counts add up: \(summary)")
        }
        let started = try archive.events().filter { $0["type"] as? String == "all_day_session.processing_started" }
        #expect(started.count == 6)
        #expect(Set(started.map { $0["session_id"] as! String }).count == 6)
    }

    @Test func failedWebhooksAreRetriedFromTheOutbox() async throws {
        let archive = try ScriptedArchive.make(["voicemail"], broken: false, failFirstWebhooks: 100)
        _ = try await archive.run()
        #expect(try WebhookReceiver.shared().received(archive.webhook).isEmpty)
        let store = try Store(path: "\(archive.root)/progress.sqlite")
        let (manifest, _) = try archive.load()
        // The receiver keeps failing: each due delivery is pushed back, attempts counted.
        try await store.makeDeliveriesDue()
        let outcome = try await WebhookSender(store: store, webhooks: manifest.webhooks).deliverDue()
        #expect(outcome.delivered == 0 && outcome.failed == 3, "processing_started, detected, completed")
        #expect(try await store.dueDeliveries(limit: 10).isEmpty, "backing off")
    }

    @Test func aLocalDatabaseUsesWALAndAFolderNotMadeYetAsksItsParent() throws {
        let folder = try temporaryDirectory("journal")
        #expect(SharedVolume.journal(forDatabaseAt: "\(folder)/progress.sqlite") == .wal)
        #expect(SharedVolume.journal(forDatabaseAt: "\(folder)/not/yet/progress.sqlite") == .wal)
        // /proc is a mount of its own: the longest mount point wins.
        #expect(SharedVolume.fileSystemType(of: "/proc/self/x") == "proc")
        #expect(
            SharedVolume.isNetwork("nfs4") && SharedVolume.isNetwork("fuse.sshfs") && !SharedVolume.isNetwork("ext4"))
    }
}
