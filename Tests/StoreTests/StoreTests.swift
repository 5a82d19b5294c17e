import Foundation
import Store
import Synchronization
import TestSupport
import Testing

/// A clock the test moves by hand, shared by the stores that stand for two runs.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}

private func databasePath() throws -> String {
    try temporaryDirectory("store") + "/db/callsift.sqlite"
}

private func openStore(_ path: String, clock: TestClock, busyTimeout: TimeInterval = 30) throws -> Store {
    try Store(path: path, busyTimeout: busyTimeout, clock: { clock.now })
}

/// The two databases the store runs on; every test of what the store does runs on both.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty database: a file, or a database on the test's PostgreSQL server.
    func database() throws -> String {
        switch self {
        case .sqlite: try databasePath()
        case .postgres: try PostgresServer.shared().database()
        }
    }

    func open(_ location: String, clock: TestClock) async throws -> Store {
        try await Store.open(location, clock: { clock.now })
    }
}

private func identity(
    _ id: String, org: String = "acme", rep: String = "rep-1", size: Int64? = 1000,
    mtime: Date? = Date(timeIntervalSince1970: 1_700_000_000),
    fingerprint: String? = "abc"
) -> RecordingIdentity {
    RecordingIdentity(
        id: id, source: "/calls/\(id).mp3", kind: .file, orgID: org, repID: rep, size: size, mtime: mtime,
        fingerprint: fingerprint)
}

private func json(_ text: String) -> Data { Data(text.utf8) }

@Suite struct StoreTests {
    // MARK: Opening and migrations

    @Test func migratesAFreshFileAndReopensIt() async throws {
        let path = try databasePath()
        let clock = TestClock()
        do {
            let store = try openStore(path, clock: clock)
            _ = try await store.register(identity("r1"))
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let reopened = try openStore(path, clock: clock)
        let recording = try #require(try await reopened.recording("r1"))
        #expect(recording.status == .queued)
        #expect(recording.identity == identity("r1"))
        #expect(recording.createdAt == clock.now)
    }

    /// Two cron jobs starting at once on a new database: both set up WAL and both find "v1" missing.
    @Test func severalProcessesOpeningOneFreshFileAllMigrate() async throws {
        for _ in 0..<10 {
            let path = try databasePath()
            let clock = TestClock()
            let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let store = try openStore(path, clock: clock)
                        return try await store.recordings().isEmpty
                    }
                }
                return try await group.reduce(into: 0) { count, empty in count += empty ? 1 : 0 }
            }
            #expect(opened == 4)
        }
    }

    @Test func aFileThatIsNotADatabaseIsReportedCorrupt() throws {
        let path = try databasePath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try openStore(path, clock: TestClock()) }
        #expect(error.code == "database_corrupt")
        #expect(error.message.contains(path))
        #expect(error.details["sqlite_code"] == "26")
    }

    @Test func aDatabaseDamagedInsideIsFoundByTheIntegrityCheck() async throws {
        let path = try databasePath()
        do {
            let store = try Store(path: path, journal: .rollback)
            for index in 0..<400 { _ = try await store.register(identity("r\(index)")) }
            try await store.checkIntegrity()
        }
        // Page 1 (the schema) intact, the pages of the tables overwritten: it still opens.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 12 * 4096)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 4 * 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 8 * 4096))
        try handle.close()
        let damaged = try Store(path: path, journal: .rollback)
        let error = try await #require(throws: StoreError.self) { try await damaged.checkIntegrity() }
        #expect(error.code == "database_corrupt")
        #expect(error.message.contains(path) && error.message.contains("backup"), "\(error.message)")
    }

    @Test func anUnreachablePathIsReportedUnavailable() throws {
        let file = try temporaryDirectory("store") + "/plain-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let path = file + "/callsift.sqlite"
        let error = try #require(throws: StoreError.self) { try openStore(path, clock: TestClock()) }
        #expect(error.code == "database_unavailable")
        #expect(error.message.contains(path))
    }

    // MARK: Registration

    @Test(arguments: Backend.allCases) func aCompletedRecordingWithAnUnchangedSourceIsSkipped(_ backend: Backend)
        async throws
    {
        let store = try await backend.open(try backend.database(), clock: TestClock())
        let first = try await store.register(identity("r1"))
        #expect(!first.sourceChanged && !first.skip)
        #expect(try await store.claim("r1", owner: "run-a", ttl: 60))
        try await store.complete("r1", owner: "run-a", sessionID: "s1")

        let again = try await store.register(identity("r1"))
        #expect(again.skip)
        #expect(!again.sourceChanged)
        #expect(again.recording.sessionID == "s1")
        #expect(again.recording.leaseOwner == nil)
        // An identity field the stored one lacks is learned, not taken for a change.
        var withoutFingerprint = identity("r1")
        withoutFingerprint.fingerprint = nil
        #expect(try await store.register(withoutFingerprint).skip)
        #expect(try await store.recording("r1")?.identity.fingerprint == "abc")
    }

    @Test(
        arguments: Backend.allCases,
        [
            identity("r1", size: 2000), identity("r1", mtime: Date(timeIntervalSince1970: 1_700_000_001.25)),
            identity("r1", fingerprint: "def"),
        ])
    func aChangedSourceIsQueuedAgainWithoutItsOldWork(_ backend: Backend, _ changed: RecordingIdentity) async throws {
        let store = try await backend.open(try backend.database(), clock: TestClock())
        _ = try await store.register(identity("r1"))
        #expect(try await store.claim("r1", owner: "run-a", ttl: 60))
        _ = try await store.incrementAttempts("r1", owner: "run-a")
        try await store.saveChunk(
            "r1", TranscriptChunk(index: 0, startSeconds: 0, endSeconds: 600, payload: json("{}")))
        try await store.saveSession(id: "s1", recordingID: "r1", status: "completed", json: json(#"{"id":"s1"}"#))
        try await store.saveAnalysis(id: "a1", sessionID: "s1", index: 0, json: json(#"{"id":"a1"}"#))
        try await store.complete("r1", owner: "run-a", sessionID: "s1")

        let registration = try await store.register(changed)
        #expect(registration.sourceChanged)
        #expect(!registration.skip)
        let recording = registration.recording
        #expect(recording.status == .queued)
        #expect(
            recording.attempts == 0 && recording.sessionID == nil && recording.completedAt == nil
                && recording.error == nil)
        #expect(recording.identity == changed)
        #expect(try await store.chunks("r1").isEmpty)
        #expect(try await store.session("s1") == nil)
        #expect(try await store.analysis("a1") == nil)
    }

    @Test(arguments: Backend.allCases) func aChangedSourceTakesTheLeaseFromTheRunWorkingOnTheOldOne(_ backend: Backend)
        async throws
    {
        let store = try await backend.open(try backend.database(), clock: TestClock())
        _ = try await store.register(identity("r1"))
        #expect(try await store.claim("r1", owner: "run-a", ttl: 60))
        #expect(try await store.register(identity("r1", size: 5)).sourceChanged)
        #expect(try await !store.renew("r1", owner: "run-a", ttl: 60))
        await #expect(throws: StoreError.leaseLost(recordingID: "r1", owner: "run-a")) {
            try await store.complete("r1", owner: "run-a", sessionID: "s1")
        }
    }

    // MARK: Stages and outcomes

    @Test(arguments: Backend.allCases) func stagesAttemptsAndFailureNeedTheLease(_ backend: Backend) async throws {
        let clock = TestClock()
        let store = try await backend.open(try backend.database(), clock: clock)
        _ = try await store.register(identity("r1"))
        await #expect(throws: StoreError.leaseLost(recordingID: "r1", owner: "run-a")) {
            try await store.setStage("r1", owner: "run-a", to: .transcribing)
        }
        await #expect(throws: StoreError.notFound(kind: "recording", id: "nope")) {
            try await store.setStage("nope", owner: "run-a", to: .transcribing)
        }
        #expect(try await store.claim("r1", owner: "run-a", ttl: 60))
        #expect(try await store.incrementAttempts("r1", owner: "run-a") == 1)
        try await store.setStage("r1", owner: "run-a", to: .detecting)
        #expect(try await store.recording("r1")?.status == .detecting)
        #expect(try await store.recording("r1")?.startedAt == clock.now)

        let details = json(#"{"path":"/calls/r1.mp3"}"#)
        try await store.fail(
            "r1", owner: "run-a", error: Recording.Failure(code: "no_speech", message: "nothing said", details: details)
        )
        let failed = try #require(try await store.recording("r1"))
        #expect(failed.status == .failed && failed.status.isFinal)
        #expect(failed.error == Recording.Failure(code: "no_speech", message: "nothing said", details: details))
        #expect(failed.leaseOwner == nil)
        #expect(try await store.recordings(status: .failed).map(\.id) == ["r1"])

        // `callsift retry`: queued again, attempts kept.
        #expect(try await store.requeue("r1"))
        #expect(try await !store.requeue("r1"))
        let requeued = try #require(try await store.recording("r1"))
        #expect(requeued.status == .queued && requeued.error == nil && requeued.attempts == 1)
    }

    // MARK: Leases

    @Test(arguments: Backend.allCases) func twoStoresOnOneFileCannotBothClaim(_ backend: Backend) async throws {
        let path = try backend.database()
        let clock = TestClock()
        let runA = try await backend.open(path, clock: clock)
        let runB = try await backend.open(path, clock: clock)
        _ = try await runA.register(identity("r1"))
        _ = try await runB.register(identity("r1"))

        #expect(try await runA.claim("r1", owner: "run-a", ttl: 60))
        #expect(try await !runB.claim("r1", owner: "run-b", ttl: 60))
        #expect(try await runA.claim("r1", owner: "run-a", ttl: 60), "the holder may claim again")
        await #expect(throws: StoreError.notFound(kind: "recording", id: "nope")) {
            _ = try await runB.claim("nope", owner: "run-b", ttl: 60)
        }

        // Renewing extends: past the first expiry, B still cannot take it.
        clock.advance(50)
        #expect(try await runA.renew("r1", owner: "run-a", ttl: 60))
        clock.advance(50)
        #expect(try await !runB.claim("r1", owner: "run-b", ttl: 60))
        #expect(try await runB.recording("r1")?.leaseExpiresAt == clock.now.addingTimeInterval(10))

        // Released, it is free at once; completed, nobody can claim it.
        try await runA.release("r1", owner: "run-a")
        #expect(try await runB.claim("r1", owner: "run-b", ttl: 60))
        try await runB.complete("r1", owner: "run-b", sessionID: "s1")
        #expect(try await !runA.claim("r1", owner: "run-a", ttl: 60))
    }

    @Test(arguments: Backend.allCases) func anExpiredLeaseIsClaimableAndItsOldOwnerLosesIt(_ backend: Backend)
        async throws
    {
        let path = try backend.database()
        let clock = TestClock()
        let runA = try await backend.open(path, clock: clock)
        let runB = try await backend.open(path, clock: clock)
        _ = try await runA.register(identity("r1"))
        #expect(try await runA.claim("r1", owner: "run-a", ttl: 30))

        // Expired but not taken: still A's, and renews.
        clock.advance(31)
        #expect(try await runA.renew("r1", owner: "run-a", ttl: 30))

        // A is killed: its lease runs out and B takes over.
        clock.advance(31)
        #expect(try await runB.claim("r1", owner: "run-b", ttl: 30))
        #expect(try await !runA.renew("r1", owner: "run-a", ttl: 30))
        await #expect(throws: StoreError.leaseLost(recordingID: "r1", owner: "run-a")) {
            try await runA.complete("r1", owner: "run-a", sessionID: "s1")
        }
        try await runB.complete("r1", owner: "run-b", sessionID: "s1")
        #expect(try await runA.recording("r1")?.status == .completed)
    }

    @Test(arguments: Backend.allCases) func manyConcurrentClaimsThroughTwoConnectionsHaveExactlyOneWinner(
        _ backend: Backend
    ) async throws {
        let path = try backend.database()
        let clock = TestClock()
        let stores = [try await backend.open(path, clock: clock), try await backend.open(path, clock: clock)]
        for index in 0..<5 { _ = try await stores[0].register(identity("r\(index)")) }

        for index in 0..<5 {
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for task in 0..<24 {
                    group.addTask { try await stores[task % 2].claim("r\(index)", owner: "owner-\(task)", ttl: 60) }
                }
                return try await group.reduce(into: 0) { count, won in count += won ? 1 : 0 }
            }
            #expect(winners == 1)
        }
    }

    @Test(arguments: Backend.allCases) func concurrentSchedulersClaimEachRecordingOnce(_ backend: Backend) async throws
    {
        let path = try backend.database()
        let clock = TestClock()
        var stores: [Store] = []
        for _ in 0..<4 { stores.append(try await backend.open(path, clock: clock)) }
        let ids = (0..<200).map { "r\($0)" }
        for id in ids { _ = try await stores[0].register(identity(id)) }

        // Eight claimers racing for the head of one queue, as many hosts' workers do: none fails.
        let claimed = try await withThrowingTaskGroup(of: [String].self) { [stores] group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    while let id = try await stores[worker % 4].claimNext(owner: "run-\(worker)", ttl: 60, among: ids) {
                        mine.append(id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.sorted() == ids.sorted())
    }

    @Test(arguments: Backend.allCases) func claimNextFollowsTheGivenOrderAndPassesByWhatIsTakenOrFinished(
        _ backend: Backend
    ) async throws {
        let clock = TestClock()
        let store = try await backend.open(try backend.database(), clock: clock)
        let ids = ["r3", "r1", "r2", "r4", "r5"]
        for id in ids { _ = try await store.register(identity(id)) }

        #expect(try await store.claim("r3", owner: "run-b", ttl: 60))
        #expect(try await store.claim("r4", owner: "run-a", ttl: 60))
        try await store.fail("r4", owner: "run-a", error: Recording.Failure(code: "corrupt_media", message: "bad"))
        #expect(try await store.claim("r5", owner: "run-a", ttl: 60))
        try await store.complete("r5", owner: "run-a", sessionID: "s5")

        #expect(
            try await store.remaining(among: ids + ["unknown"], owner: "run-a")
                == RemainingWork(count: 3, leasedByOthers: 1))
        #expect(try await store.claimNext(owner: "run-a", ttl: 60, among: ids) == "r1")
        #expect(try await store.claimNext(owner: "run-a", ttl: 60, among: ids) == "r2")
        #expect(try await store.claimNext(owner: "run-a", ttl: 60, among: ids) == nil)
        #expect(try await store.claimNext(owner: "run-a", ttl: 60, among: []) == nil)

        // Every remaining recording but A's own is held by B: A has nothing left to take.
        #expect(try await store.remaining(among: ids, owner: "run-a") == RemainingWork(count: 3, leasedByOthers: 1))
        #expect(try await store.remaining(among: ["r3"], owner: "run-a") == RemainingWork(count: 1, leasedByOthers: 1))
        clock.advance(61)
        #expect(try await store.remaining(among: ["r3"], owner: "run-a") == RemainingWork(count: 1, leasedByOthers: 0))
        #expect(try await store.claimNext(owner: "run-a", ttl: 60, among: ids) == "r3")
    }

    // MARK: Another process

    /// A second process (Python's sqlite3 on the same file) holds the write lock; a claim waits
    /// for it rather than failing, and goes through once that process is killed.
    @Test func aClaimWaitsForAnotherProcessAndSurvivesItsKill() async throws {
        let path = try databasePath()
        let clock = TestClock()
        let store = try openStore(path, clock: clock)
        _ = try await store.register(identity("r1"))

        // Opened before the other process takes the lock: it is the claim that must meet it.
        let impatient = try openStore(path, clock: clock, busyTimeout: 0.2)
        let holder = try LockHolder(path: path)
        let busy = await #expect(throws: StoreError.self) { try await impatient.claim("r1", owner: "run-b", ttl: 60) }
        #expect(busy?.code == "database_busy")
        #expect(busy?.details["sqlite_code"] == "5")
        #expect(busy?.message.contains(path) == true)

        let started = ContinuousClock.now
        // The kill comes from a thread of its own, half a second after the claim starts waiting: on a
        // loaded 2-core host the cooperative pool may have no thread free for the test's own code
        // for longer than the 30 s the claim waits.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.5)
            holder.kill()
        }
        #expect(try await store.claim("r1", owner: "run-a", ttl: 60))
        #expect(ContinuousClock.now - started >= .milliseconds(450))
    }

    // MARK: Transcript chunks

    @Test(arguments: Backend.allCases) func chunksAreIdempotentAndOrdered(_ backend: Backend) async throws {
        let store = try await backend.open(try backend.database(), clock: TestClock())
        _ = try await store.register(identity("r1"))
        _ = try await store.register(identity("r2"))
        for index in [2, 0, 1] {
            try await store.saveChunk(
                "r1",
                TranscriptChunk(
                    index: index, startSeconds: Double(index) * 600, endSeconds: Double(index + 1) * 600,
                    payload: json("old \(index)")))
        }
        try await store.saveChunk(
            "r1", TranscriptChunk(index: 1, startSeconds: 600, endSeconds: 1190, payload: json("new 1")))
        try await store.saveChunk(
            "r2", TranscriptChunk(index: 0, startSeconds: 0, endSeconds: 10, payload: Data([0, 255, 1])))

        let chunks = try await store.chunks("r1")
        #expect(chunks.map(\.index) == [0, 1, 2])
        #expect(chunks[1] == TranscriptChunk(index: 1, startSeconds: 600, endSeconds: 1190, payload: json("new 1")))
        #expect(chunks[2].payload == json("old 2"))
        #expect(try await store.chunks("r2").map(\.payload) == [Data([0, 255, 1])])
        #expect(try await store.chunks("none").isEmpty)
    }

    /// A kill leaves the files as they are at that instant: the database and its write-ahead log,
    /// never checkpointed. A copy taken while the store is open is that state.
    @Test func committedChunksSurviveAKill() async throws {
        let path = try databasePath()
        let store = try openStore(path, clock: TestClock())
        _ = try await store.register(identity("r1"))
        #expect(try await store.claim("r1", owner: "run-a", ttl: 60))
        try await store.setStage("r1", owner: "run-a", to: .transcribing)
        for index in 0..<3 {
            try await store.saveChunk(
                "r1", TranscriptChunk(index: index, startSeconds: 0, endSeconds: 1, payload: json("chunk \(index)")))
        }
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(wal > 0, "the chunks are still only in the write-ahead log")

        let copy = try temporaryDirectory("store-killed") + "/callsift.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        let reopened = try openStore(copy, clock: TestClock())
        #expect(try await reopened.chunks("r1").map(\.payload) == (0..<3).map { json("chunk \($0)") })
        #expect(try await reopened.recording("r1")?.status == .transcribing)
        #expect(try await reopened.recording("r1")?.leaseOwner == "run-a")
        withExtendedLifetime(store) {}
    }

    // MARK: Sessions and analyses

    @Test(arguments: Backend.allCases) func sessionsAreListedByOrgRepStatusAndTime(_ backend: Backend) async throws {
        let clock = TestClock()
        let store = try await backend.open(try backend.database(), clock: clock)
        let start = clock.now
        for (id, org, rep, status) in [
            ("1", "acme", "ann", "completed"), ("2", "acme", "bob", "failed"), ("3", "zeta", "ann", "completed"),
        ] {
            _ = try await store.register(identity("r\(id)", org: org, rep: rep))
            try await store.saveSession(
                id: "s\(id)", recordingID: "r\(id)", status: status, json: json(#"{"id":"s\#(id)"}"#))
            clock.advance(60)
        }
        let ids = { (sessions: [StoredSession]) in sessions.map(\.id) }
        #expect(try await ids(store.sessions()) == ["s1", "s2", "s3"])
        #expect(try await ids(store.sessions(org: "acme")) == ["s1", "s2"])
        #expect(try await ids(store.sessions(rep: "ann")) == ["s1", "s3"])
        #expect(try await ids(store.sessions(org: "acme", status: "completed")) == ["s1"])
        #expect(try await ids(store.sessions(since: start.addingTimeInterval(60))) == ["s2", "s3"])
        #expect(try await ids(store.sessions(limit: 2)) == ["s1", "s2"])

        let s1 = try #require(try await store.session("s1"))
        #expect(s1.recordingID == "r1" && s1.orgID == "acme" && s1.repID == "ann" && s1.status == "completed")
        #expect(s1.json == json(#"{"id":"s1"}"#) && s1.createdAt == start && !s1.archived)

        try await store.archiveSession("s1")
        #expect(try await ids(store.sessions(org: "acme")) == ["s2"])
        #expect(try await ids(store.sessions(org: "acme", includeArchived: true)) == ["s1", "s2"])
        #expect(try await store.session("s1")?.archived == true)
        await #expect(throws: StoreError.notFound(kind: "session", id: "nope")) {
            try await store.archiveSession("nope")
        }

        // Saving again replaces the JSON, keeps creation time and the archived flag.
        try await store.saveSession(id: "s1", recordingID: "r1", status: "completed", json: json(#"{"id":"s1","v":2}"#))
        let resaved = try #require(try await store.session("s1"))
        #expect(resaved.json == json(#"{"id":"s1","v":2}"#) && resaved.createdAt == start && resaved.archived)
    }

    @Test(arguments: Backend.allCases) func analysesAreStoredOneByOne(_ backend: Backend) async throws {
        let store = try await backend.open(try backend.database(), clock: TestClock())
        _ = try await store.register(identity("r1"))
        try await store.saveSession(id: "s1", recordingID: "r1", status: "analyzing", json: json("{}"))
        try await store.saveAnalysis(id: "a2", sessionID: "s1", index: 2, json: json(#"{"id":"a2"}"#))
        try await store.saveAnalysis(id: "a0", sessionID: "s1", index: 0, json: json(#"{"id":"a0"}"#))
        try await store.saveAnalysis(id: "a0", sessionID: "s1", index: 0, json: json(#"{"id":"a0","v":2}"#))
        #expect(try await store.analysisIDs(sessionID: "s1") == ["a0", "a2"])
        #expect(
            try await store.analyses(sessionID: "s1").map(\.json) == [
                json(#"{"id":"a0","v":2}"#), json(#"{"id":"a2"}"#),
            ])
        let a2 = try #require(try await store.analysis("a2"))
        #expect(a2.sessionID == "s1" && a2.index == 2)
        #expect(try await store.analysis("none") == nil)
        #expect(try await store.analysisIDs(sessionID: "none").isEmpty)
    }

    // MARK: Events and webhooks

    @Test(arguments: Backend.allCases) func eventsAreNumberedInOrderAndKeysAppendOnce(_ backend: Backend) async throws {
        let store = try await backend.open(try backend.database(), clock: TestClock())
        let first = try await store.appendEvent(
            "all_day_session.processing_started", recordingID: "r1", payload: json("{}")
        ).seq
        let added = try await store.appendEvent(
            "analysis.completed", key: "s1/a1", sessionID: "s1", payload: json(#"{"n":1}"#))
        let repeated = try await store.appendEvent(
            "analysis.completed", key: "s1/a1", sessionID: "s1", payload: json(#"{"n":2}"#))
        let third = try await store.appendEvent("all_day_session.completed", key: "s1/completed", payload: json("{}"))
            .seq
        let second = added.seq
        #expect(first < second && second < third)
        #expect(repeated.seq == second)
        #expect(added.isNew && !repeated.isNew)

        let all = try await store.events()
        #expect(all.map(\.seq) == [first, second, third])
        #expect(
            all[1].name == "analysis.completed" && all[1].key == "s1/a1" && all[1].sessionID == "s1"
                && all[1].payload == json(#"{"n":1}"#))
        #expect(all[0].recordingID == "r1" && all[0].key == nil)
        #expect(try await store.events(after: first).map(\.seq) == [second, third])
        #expect(try await store.events(after: first, limit: 1).map(\.seq) == [second])
    }

    @Test(arguments: Backend.allCases) func webhookDeliveriesAreRetriedUntilDeliveredOrGivenUp(_ backend: Backend)
        async throws
    {
        let path = try backend.database()
        let clock = TestClock()
        let store = try await backend.open(path, clock: clock)
        let body = Data(#"{"event":"all_day_session.completed"}"#.utf8)
        let hooks = ["https://a.example/hook", "https://b.example/hook"]
        let seq = try await store.appendEvent(
            "all_day_session.completed", key: "s1/completed", payload: body, webhooks: hooks
        ).seq
        #expect(
            try await !store.appendEvent(
                "all_day_session.completed", key: "s1/completed", payload: body, webhooks: hooks
            ).isNew)

        // Handed out once: a second sender (another run) does not get the same ones meanwhile.
        let due = try await store.dueDeliveries(limit: 10, lease: 60)
        try #require(due.map(\.url) == hooks, "one delivery per URL, queued once")
        let (first, second) = (due[0].id, due[1].id)
        #expect(
            due[0].body == body && due[0].url == "https://a.example/hook" && due[0].attempts == 1
                && due[0].eventSeq == seq)
        #expect(try await backend.open(path, clock: clock).dueDeliveries(limit: 10).isEmpty)

        try await store.markDelivered(first)
        try await store.markFailed(second, error: "HTTP 503", retryAt: clock.now.addingTimeInterval(30))
        clock.advance(29)
        #expect(try await store.dueDeliveries(limit: 10).isEmpty)
        clock.advance(1)
        let retry = try await store.dueDeliveries(limit: 10)
        #expect(retry.map(\.id) == [second])
        #expect(retry[0].attempts == 2 && retry[0].lastError == "HTTP 503")

        // A sender killed mid-POST: due again once its lease runs out, in a store opened afresh.
        clock.advance(61)
        let restarted = try await backend.open(path, clock: clock)
        #expect(try await restarted.dueDeliveries(limit: 10).map(\.id) == [second])
        try await restarted.markFailed(second, error: "HTTP 410", retryAt: nil)
        clock.advance(3600)
        #expect(try await restarted.dueDeliveries(limit: 10).isEmpty)
        let givenUp = try #require(try await restarted.delivery(second))
        #expect(
            givenUp.attempts == 3 && givenUp.lastError == "HTTP 410" && givenUp.nextAttemptAt == nil
                && givenUp.deliveredAt == nil)
        #expect(try await restarted.delivery(first)?.deliveredAt != nil)
        await #expect(throws: StoreError.notFound(kind: "delivery", id: "999")) {
            try await restarted.markDelivered(999)
        }
    }

    // MARK: Runs

    @Test(arguments: Backend.allCases) func runsAreRecordedWithTheirFigures(_ backend: Backend) async throws {
        let clock = TestClock()
        let store = try await backend.open(try backend.database(), clock: clock)
        try await store.startRun(id: "run-1", owner: "host-a:1", manifest: "/etc/callsift/week.yaml")
        clock.advance(120)
        try await store.finishRun(id: "run-1", figures: json(#"{"completed":3}"#))
        try await store.startRun(id: "run-2", owner: "host-a:2", manifest: "/etc/callsift/week.yaml")

        let runs = try await store.runs()
        #expect(runs.map(\.id) == ["run-2", "run-1"])
        #expect(runs[0].finishedAt == nil && runs[0].figures == nil)
        #expect(runs[1].owner == "host-a:1" && runs[1].manifest == "/etc/callsift/week.yaml")
        #expect(
            runs[1].finishedAt == runs[1].startedAt.addingTimeInterval(120)
                && runs[1].figures == json(#"{"completed":3}"#))
        #expect(try await store.runs(limit: 1).map(\.id) == ["run-2"])
        await #expect(throws: StoreError.notFound(kind: "run", id: "nope")) {
            try await store.finishRun(id: "nope", figures: json("{}"))
        }
    }

    // MARK: Journals

    @Test func theRollbackJournalSharesLeasesToo() async throws {
        let path = try databasePath()
        let clock = TestClock()
        let runA = try Store(path: path, journal: .rollback, clock: { clock.now })
        let runB = try Store(path: path, journal: .rollback, clock: { clock.now })
        _ = try await runA.register(identity("r1"))
        #expect(try await runA.claim("r1", owner: "run-a", ttl: 60))
        #expect(try await !runB.claim("r1", owner: "run-b", ttl: 60))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }
}

/// A Python process holding SQLite's write lock on a database until killed.
/// @unchecked: the process handle is only killed once, after the test stops touching it.
private final class LockHolder: @unchecked Sendable {
    private let process: Process

    init(path: String) throws {
        let script = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(60)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Tool.resolve("python3"))
        process.arguments = ["-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let line = out.fileHandleForReading.readData(ofLength: 7)
        guard line == Data("locked\n".utf8) else {
            process.terminate()
            throw Tool.Failure.failed(command: ["python3", "-c", script], status: -1, stderr: "no lock taken")
        }
        self.process = process
    }

    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { kill() }
}
