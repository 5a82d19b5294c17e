import Foundation
import Sessions
import Testing

@testable import Batch

/// The queue's figures as a run's events arrive: what the terminal draws and `status` reads back.
struct QueueProgressTests {
    @Test func theETACoversTheWholeKnownQueueAndSaysWhenSomeLengthsAreUnknown() throws {
        var queue = QueueProgress()
        queue.apply(.discovered(total: 4, toProcess: 3, queuedSeconds: ["a.wav": 600, "b.wav": 300]))
        #expect(queue.etaSeconds(elapsed: 10) == nil, "nothing measured yet")
        queue.apply(.started("a.wav", sessionID: "s", bundle: nil))
        #expect(queue.stage(of: "a.wav") == "transcribing 0% (0:00 of 10:00)")
        queue.apply(.transcribed("a.wav", audioSeconds: 120, totalSeconds: 600))
        // 120 s of audio in 60 s: 2× realtime; 480 + 300 s left take 390 s; "https://…" is not known.
        #expect(queue.speed(elapsed: 60) == 2)
        #expect(queue.etaSeconds(elapsed: 60) == 390)
        #expect(queue.lengthsUnknown == 1)
        queue.apply(.transcribed("a.wav", audioSeconds: 600, totalSeconds: 600))
        #expect(queue.stage(of: "a.wav") == "finding and scoring conversations")
        queue.apply(.completed("a.wav", conversations: 2, analyzed: 2, audioSeconds: 600))
        queue.apply(.started("https://x/c.mp3", sessionID: "t", bundle: nil))
        #expect(queue.stage(of: "https://x/c.mp3") == "starting")
        queue.apply(.failed("https://x/c.mp3", ErrorObject(code: "download_failed", message: "404")))
        #expect(queue.done == 2 && queue.completed == 1 && queue.failed == 1 && queue.lengthsUnknown == 0)
        #expect(queue.audioDone == 600 && queue.audioLeft == 300 && queue.inFlight.isEmpty)
        let changed = queue.apply(.skipped("d.wav", reason: "completed, unchanged"))
        #expect(!changed, "a skip changes nothing")
    }

    @Test func aStoredSnapshotReadsBackAndItsETACountsDownFromWhenItWasWritten() throws {
        var queue = QueueProgress()
        queue.apply(.discovered(total: 1, toProcess: 1, queuedSeconds: ["a.wav": 100.1234567]))
        queue.apply(.started("a.wav", sessionID: "s", bundle: nil))
        queue.apply(.transcribed("a.wav", audioSeconds: 50.000000001, totalSeconds: nil))
        let written = Date(timeIntervalSince1970: 1_800_000_000)
        let snapshot = queue.snapshot(started: written.addingTimeInterval(-25), now: written)
        let stored = try #require(QueueProgress.Snapshot.decode(snapshot.encoded()))
        #expect(stored == snapshot)
        #expect(stored.audioDoneSeconds == 50 && stored.audioLeftSeconds == 50.123 && stored.speed == 2)
        #expect(stored.inFlight.map(\.lengthSeconds) == [100.123] && stored.updated == written)
        #expect(stored.etaSeconds(at: written.addingTimeInterval(10)) == 15)
        #expect(stored.etaSeconds(at: written.addingTimeInterval(60)) == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: stored.encoded()) as? [String: Any])
        #expect(Set(json.keys).isSuperset(of: ["to_process", "eta_seconds", "in_flight", "updated_at"]))
    }
}
