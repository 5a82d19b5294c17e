import Foundation
import Manifests
import Scoring
import Sessions
import Store
import Transcription

/// `callsift run`: every recording the manifest names, through the pipeline, a bounded number at
/// once, resumable, and safe next to another run on the same database.
///
/// Scheduling: `jobs` slots, each with its own transcription engine (one whisper worker, reused for
/// every recording the slot takes); a slot takes the next recording it can lease, so a long
/// recording holds one slot while the others go on with short ones. Leases expire after
/// `leaseSeconds` unless renewed (every third of it while a job works), so a killed run's
/// recordings are free again soon after, and another live run's never are.
public enum BatchRun {
    public struct Options: Sendable {
        /// Recordings at once; nil: the manifest's `concurrency.recordings`, else chosen from the cores.
        public var jobs: Int?
        public var reanalyze: Bool
        /// Also take recordings that failed in an earlier run (otherwise they wait for `callsift retry`).
        public var retryFailed: Bool
        public var leaseSeconds: Double
        /// Keep working until nothing is left: wait for what another run holds, and take it over
        /// when its lease runs out (workers sharing one database), instead of ending at once.
        public var drain: Bool
        /// Manifest entries left out as invalid (reported by the caller): counted in the summary.
        public var invalidEntries: Int
        /// The run's id in the store (`callsift status`, `usage --run`), chosen by the caller so its
        /// log lines carry it from the first.
        public var runID: String

        public init(
            jobs: Int? = nil, reanalyze: Bool = false, retryFailed: Bool = false, leaseSeconds: Double = 120,
            drain: Bool = false, invalidEntries: Int = 0, runID: String = UUID().lowercasedID
        ) {
            self.drain = drain
            self.runID = runID
            self.jobs = jobs
            self.reanalyze = reanalyze
            self.retryFailed = retryFailed
            self.invalidEntries = invalidEntries
            self.leaseSeconds = leaseSeconds
        }
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var recordings = 0
        public var completed = 0
        public var failed = 0
        /// Completed in an earlier run and unchanged since.
        public var unchanged = 0
        /// Failed in an earlier run, left for `callsift retry`.
        public var previouslyFailed = 0
        /// Leased by another run that is still working on them.
        public var heldByOthers = 0
        /// Completed or failed by another run while this one ran (two runs sharing one manifest).
        public var doneByOthers = 0
        /// Never taken: the run was stopped first.
        public var notStarted = 0
        public var stopped = 0
        /// Manifest entries left out as invalid.
        public var invalidEntries = 0
        /// Completed, but from a recording that holds less than its header promises.
        public var truncated = 0
        public var conversations = 0
        public var analyzed = 0
        public var audioSeconds = 0.0
        public var wallSeconds = 0.0
        public var jobs = 0
        /// Webhook deliveries still waiting for a retry when the run ended.
        public var webhooksWaiting = 0

        /// Whether a cron job should hear of trouble (exit status 1): a recording failed, now or
        /// in an earlier run and not retried, or an entry of the manifest was left out as invalid.
        public var needsAttention: Bool { failed > 0 || previouslyFailed > 0 || invalidEntries > 0 }

        enum CodingKeys: String, CodingKey {
            case recordings, completed, failed, unchanged, stopped, conversations, analyzed, jobs, truncated
            case previouslyFailed = "previously_failed"
            case heldByOthers = "held_by_others"
            case doneByOthers = "done_by_others"
            case notStarted = "not_started"
            case invalidEntries = "invalid_entries"
            case audioSeconds = "audio_seconds"
            case wallSeconds = "wall_seconds"
            case webhooksWaiting = "webhooks_waiting"
        }

        public init() {}

        /// Figures stored by older versions lack the newer counts: they read as 0.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func count(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
            (recordings, completed, failed, unchanged) = (
                try count(.recordings), try count(.completed), try count(.failed), try count(.unchanged)
            )
            (previouslyFailed, heldByOthers, stopped) = (
                try count(.previouslyFailed), try count(.heldByOthers), try count(.stopped)
            )
            (invalidEntries, conversations, analyzed, jobs) = (
                try count(.invalidEntries), try count(.conversations), try count(.analyzed), try count(.jobs)
            )
            (webhooksWaiting, truncated) = (try count(.webhooksWaiting), try count(.truncated))
            (doneByOthers, notStarted) = (try count(.doneByOthers), try count(.notStarted))
            audioSeconds = try c.decodeIfPresent(Double.self, forKey: .audioSeconds) ?? 0
            wallSeconds = try c.decodeIfPresent(Double.self, forKey: .wallSeconds) ?? 0
        }
    }

    /// The default number of recordings at once: whisper keeps about four cores busy per worker
    /// (CTranslate2's threads), so one slot per four cores; engines that wait on files or the
    /// network, one per core, at most eight.
    public static func defaultJobs(
        for transcriber: Manifest.Engines.Transcriber, cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> Int {
        transcriber == .whisper ? max(1, cores / 4) : max(1, min(8, cores))
    }

    /// The store's id of `item`'s recording and the id its session has: known before it is
    /// processed, so a caller (an agent) can be told at once where to look for it.
    public static func ids(of item: WorkItem) -> (recordingID: String, sessionID: String) {
        let recordingID = RecordingFingerprint.recordingID(of: item)
        return (recordingID, RecordingJob.sessionID(recordingID: recordingID).lowercasedID)
    }

    public static func run(
        _ manifest: Manifest, items: [WorkItem], options: Options = Options(), stop: StopFlag = StopFlag(),
        report tell: @escaping @Sendable (RunProgress.Event) -> Void = { _ in }
    ) async throws -> Summary {
        let started = Date()
        let stages = try EngineFactory.stages(manifest.engines)
        let store = try await Store.open(
            manifest.database, journal: SharedVolume.journal(forDatabaseAt: manifest.database))
        try await store.checkIntegrity()
        let owner = RunOwner.make()
        let runID = options.runID
        // Every event also goes to the run's row, for `callsift status` while the run goes on.
        let recorder = ProgressRecorder(store: store, runID: runID, started: started)
        defer { recorder.close() }
        let report: @Sendable (RunProgress.Event) -> Void = { event in
            recorder.record(event)
            tell(event)
        }
        let playbooks =
            try manifest.playbooks.map { try PlaybookLibrary(directory: $0) } ?? PlaybookLibrary(playbooks: [])
        for problem in playbooks.problems { report(.warning(problem.details["path"] ?? "playbooks", problem.message)) }
        try FileManager.default.createDirectory(atPath: manifest.output, withIntermediateDirectories: true)
        let publisher = EventPublisher(
            log: EventLog(path: (manifest.output as NSString).appendingPathComponent("events.jsonl")), store: store,
            webhooks: manifest.webhooks)
        var context = RunContext(
            manifest: manifest, store: store, runID: runID, owner: owner, leaseSeconds: options.leaseSeconds,
            playbooks: playbooks,
            detector: stages.detector, analyzer: stages.analyzer, publisher: publisher, reanalyze: options.reanalyze,
            stop: stop, report: report)
        context.drain = options.drain

        try await releaseDeadLeases(store)

        // Register every item (its identity, and whether its source changed) and decide which need
        // work; nothing is requeued or removed yet.
        var summary = Summary()
        summary.recordings = items.count
        summary.invalidEntries = options.invalidEntries
        var work: [(item: WorkItem, id: String)] = []
        var registrations: [String: Registration] = [:]
        for item in items {
            let registration = try await store.register(RecordingFingerprint.identity(of: item))
            let recording = registration.recording
            switch recording.status {
            case .completed where !options.reanalyze:
                summary.unchanged += 1
                report(.skipped(item.source, reason: "completed, unchanged"))
                continue
            case .failed where !options.retryFailed && recording.error?.code != RecordingJob.exportFailed:
                summary.previouslyFailed += 1
                report(
                    .skipped(
                        item.source,
                        reason: "failed earlier (\(recording.error?.code ?? "?")); `callsift retry` takes it again"))
                continue
            default:
                work.append((item, recording.id))
                registrations[recording.id] = registration
            }
        }

        // The host, before any recording is touched: the output takes files and has room for what
        // this run may write, and recordings to transcribe have a working engine (re-analysis
        // reuses stored transcripts). A failure is one error for the run and changes no recording.
        var prepared: (any TranscriptionEngine)?
        if !work.isEmpty {
            try Preflight.checkOutput(manifest.output)
            try Preflight.checkDiskSpace(
                output: manifest.output, work: work.map(\.item), segmentsAudio: manifest.segmentsAudio)
            if !options.reanalyze { prepared = try await EngineFactory.prepare(manifest.engines.transcriber) }
        }
        try await store.startRun(id: runID, owner: owner, manifest: manifest.file)

        for (item, id) in work {
            guard let registration = registrations[id] else { continue }
            // nil for an org or rep id that would lead outside the output: its job fails with the reason.
            let folder = BundleWriter.folder(
                output: manifest.output, orgID: item.orgID, repID: item.repID,
                sessionID: RecordingJob.sessionID(recordingID: id).lowercasedID)
            if registration.sourceChanged, let folder {
                // The old bundle describes the old audio: it goes, transcript included.
                try? FileManager.default.removeItem(atPath: folder)
            }
            switch registration.recording.status {
            case .completed:
                // Re-detect and re-score from transcript.json: the old analyses and cuts go first.
                _ = try await store.requeue(id)
                if let folder {
                    for part in ["analyses", "segments"] {
                        try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(part))
                    }
                }
            case .failed:
                _ = try await store.requeue(id)
            default:
                break
            }
        }
        let jobs = max(
            1, options.jobs ?? manifest.concurrency.recordings ?? defaultJobs(for: manifest.engines.transcriber.name))
        summary.jobs = jobs
        report(
            .discovered(
                total: items.count, toProcess: work.count,
                queuedSeconds: await RunProgress.queuedSeconds(work.map(\.item))))

        // Webhooks go out from the outbox on a loop of their own, every 5 s, beside the jobs: a
        // receiver that is slow or down delays its deliveries, never a recording.
        // It is stopped by a flag rather than by cancelling the task, so that a delivery in flight
        // is finished and recorded.
        let sender = WebhookSender(
            store: store, webhooks: manifest.webhooks, callbackSecret: manifest.callbackSecret,
            retry: manifest.webhookRetry)
        let jobsDone = StopFlag()
        let deliveries = Task {
            while !jobsDone.isSet {
                if let warning = await sender.deliverDueWarning(limit: 20) { report(.warning("webhooks", warning)) }
                for _ in 0..<25 where !jobsDone.isSet { try? await Task.sleep(for: .milliseconds(200)) }
            }
        }
        let queue = WorkQueue(work)
        let results = await withTaskGroup(of: [RecordingJob.Result].self) { group in
            for number in 0..<min(jobs, max(1, work.count)) {
                var slotContext = context
                slotContext.owner += "/slot-\(number)"
                let engine = number == 0 ? prepared : nil
                group.addTask { [slotContext] in await slot(queue: queue, context: slotContext, engine: engine) }
            }
            var all: [RecordingJob.Result] = []
            for await done in group { all += done }
            return all
        }
        for result in results {
            switch result {
            case .completed(let conversations, let analyzed, let seconds, let truncated):
                summary.completed += 1
                if truncated { summary.truncated += 1 }
                summary.conversations += conversations
                summary.analyzed += analyzed
                summary.audioSeconds += seconds
            case .failed: summary.failed += 1
            case .stopped: summary.stopped += 1
            }
        }
        let untouched = await queue.untouched()
        // Every recording is counted once: what this run did not take, another run holds or has
        // done, or nobody took (a stop came first).
        let remaining = try await store.remaining(among: untouched, owner: owner)
        summary.heldByOthers = remaining.leasedByOthers
        summary.doneByOthers = untouched.count - remaining.count
        summary.notStarted = remaining.count - remaining.leasedByOthers
        jobsDone.stop("the jobs are done")
        await deliveries.value
        // What became due at the very end goes now (a bounded batch; the rest waits for the next
        // run or `callsift webhooks flush`).
        if let warning = await sender.deliverDueWarning(limit: 50) { report(.warning("webhooks", warning)) }
        summary.webhooksWaiting = (try? await store.waitingDeliveries()) ?? 0
        await recorder.finish()
        // To the millisecond: sums of seconds carry float noise (61.826750000000004) nobody measured.
        summary.wallSeconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
        summary.audioSeconds = (summary.audioSeconds * 1000).rounded() / 1000
        try await store.finishRun(id: runID, figures: JSONEncoder().encode(summary))
        return summary
    }

    /// A lease whose owner is a process of this host that no longer exists (killed, crashed) is
    /// released at once instead of waiting out its expiry; leases of other hosts are left to expire.
    static func releaseDeadLeases(_ store: Store) async throws {
        for recording in try await store.recordings() where !recording.status.isFinal {
            guard let owner = recording.leaseOwner, (recording.leaseExpiresAt ?? .distantPast) > Date(),
                RunOwner.isDead(owner)
            else { continue }
            try await store.release(recording.id, owner: owner)
        }
    }

    /// One slot: lease the next free recording, process it, repeat; one engine for all of them.
    static func slot(queue: WorkQueue, context: RunContext, engine prepared: (any TranscriptionEngine)? = nil) async
        -> [RecordingJob.Result]
    {
        var results: [RecordingJob.Result] = []
        // Each result is reported the moment it is known, so a night's run shows its progress as
        // it goes (and a killed run has shown what it finished).
        func finished(_ source: String, _ result: RecordingJob.Result) {
            results.append(result)
            switch result {
            case .completed(let conversations, let analyzed, let seconds, _):
                context.report(
                    .completed(source, conversations: conversations, analyzed: analyzed, audioSeconds: seconds))
            case .failed(let error): context.report(.failed(source, error))
            case .stopped(let reason): context.report(.stopped(source, reason: reason))
            }
        }
        var engine: Result<any TranscriptionEngine, TranscriptionError>? = prepared.map { .success($0) }
        defer { if case .success(let made) = engine { (made as? WhisperEngine)?.shutdown() } }
        while !context.stop.isSet {
            guard let next = await queue.candidates(), !next.isEmpty else { break }
            let claimed: String?
            do {
                claimed = try await context.store.claimNext(
                    owner: context.owner, ttl: context.leaseSeconds, among: next.map(\.id))
            } catch {
                // What this slot leaves is counted in the summary (held by others or not started).
                context.report(.warning("store", "\(error.message); this slot takes no more recordings"))
                break
            }
            guard let id = claimed, let item = next.first(where: { $0.id == id })?.item else {
                // Draining, a recording another worker holds is waited for: done by it, or taken
                // over once a dead worker's lease runs out. Checked each second, so the last
                // worker to finish is not followed by others still asleep.
                guard context.drain,
                    let left = try? await context.store.remaining(among: next.map(\.id), owner: context.owner),
                    left.count > 0
                else { break }
                let pause = Duration.seconds(min(1, context.leaseSeconds / 4))
                for _ in 0..<10 where !context.stop.isSet { try? await Task.sleep(for: pause / 10) }
                continue
            }
            await queue.taken(id)
            _ = try? await context.store.incrementAttempts(id, owner: context.owner)
            let sessionID = RecordingJob.sessionID(recordingID: id).lowercasedID
            // nil for an org or rep id that would lead outside the output.
            let folder = BundleWriter.folder(
                output: context.manifest.output, orgID: item.orgID, repID: item.repID, sessionID: sessionID)
            context.report(.started(item.source, sessionID: sessionID, bundle: folder))
            if engine == nil {
                engine = Result { () throws(TranscriptionError) in
                    try EngineFactory.make(context.manifest.engines.transcriber)
                }
            }
            switch engine! {
            case .success(let made):
                guard let folder else {
                    let object = ErrorObject(
                        code: "unsafe_output_path",
                        message:
                            "\(item.source): org_id “\(item.orgID)” and rep_id “\(item.repID)” would put its bundle outside \(context.manifest.output); "
                            + "give ids of letters, digits and . _ : - that are not only dots.")
                    try? await context.store.fail(
                        id, owner: context.owner, error: Recording.Failure(code: object.code, message: object.message))
                    finished(item.source, .failed(object))
                    continue
                }
                let job = RecordingJob(item: item, recordingID: id, context: context, engine: made, folder: folder)
                finished(item.source, await job.run())
            case .failure(let error):
                let object = ErrorObject(code: error.code, message: error.message, details: error.details)
                try? await context.store.fail(
                    id, owner: context.owner, error: Recording.Failure(code: object.code, message: object.message))
                finished(item.source, .failed(object))
            }
        }
        return results
    }
}

/// The recordings this run still means to take; each is handed to one slot at most.
actor WorkQueue {
    private var pending: [(item: WorkItem, id: String)]

    init(_ work: [(item: WorkItem, id: String)]) {
        pending = work
    }

    func candidates() -> [(item: WorkItem, id: String)]? { pending.isEmpty ? nil : pending }

    func taken(_ id: String) { pending.removeAll { $0.id == id } }

    /// Those no slot could lease: another run holds them.
    func untouched() -> [String] { pending.map(\.id) }
}
