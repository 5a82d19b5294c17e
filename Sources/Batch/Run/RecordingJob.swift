import Conversations
import Core
import Foundation
import Manifests
import Media
import Reports
import Scoring
import Sessions
import Store
import Synchronization
import Transcription
import Transcripts

/// One recording through the pipeline, under this run's lease: transcribe (resuming from the
/// stored chunks), detect, analyze (keeping analyses already stored), export, with an event at
/// each status change. Every file is written atomically; the session folder is
/// `<output>/<org_id>/<rep_id>/<session_id>/`.
struct RecordingJob: Sendable {
    enum Result: Sendable {
        case completed(conversations: Int, analyzed: Int, audioSeconds: Double, truncated: Bool)
        case failed(ErrorObject)
        /// Asked to stop (a signal, a lost lease): what was done is kept for the next run.
        case stopped(String)
    }

    let item: WorkItem
    let recordingID: String
    let context: RunContext
    let engine: any TranscriptionEngine
    /// The bundle folder, checked to lie under the output (`BundleWriter.folder`).
    let folder: String

    /// Derived from the recording's id (UUIDv5), kept a UUID until it is written (`lowercasedID`).
    var sessionUUID: UUID { Self.sessionID(recordingID: recordingID) }
    var sessionID: String { sessionUUID.lowercasedID }

    /// The code of a recording whose segments could not all be cut: every run takes it again.
    static let exportFailed = "export_failed"

    /// One session per recording identity: a changed source is processed again into the same folder.
    static func sessionID(recordingID: String) -> UUID {
        DeterministicID.make(name: "session/\(recordingID)")
    }

    func run() async -> Result {
        let store = context.store
        let lease = StopFlag()
        let heartbeat = Task { [context, recordingID] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(context.leaseSeconds / 3))
                if Task.isCancelled { break }
                if (try? await store.renew(recordingID, owner: context.owner, ttl: context.leaseSeconds)) != true {
                    lease.stop("the lease on this recording was lost (another run took it over)")
                }
            }
        }
        defer { heartbeat.cancel() }
        let request = self.request(createdAt: Timestamp.string(Date()))
        do {
            try await store.setStage(recordingID, owner: context.owner, to: .transcribing)
            try await publish(
                .processingStarted, data: BundleWriter.encoder.encode(provisional(request, status: .transcribing)))
            let job = self
            let (media, copy, probe) = try await BlockingWork.run { () throws(MediaError) in try job.readableSource() }
            defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
            let warnings = try truncationWarnings(probe)
            let transcript = try await transcribe(media, probe: copy == nil ? probe : nil, stop: lease)
            if transcript.wordCount == 0 {
                throw JobFailure(
                    ErrorObject(
                        code: "no_speech",
                        message:
                            "\(item.source): the engine heard no speech in \(Int(transcript.durationSeconds)) s of audio.",
                        details: ["duration_seconds": String(transcript.durationSeconds)]))
            }
            try await store.setStage(recordingID, owner: context.owner, to: .detecting)
            var result = try await analyze(transcript, of: media, request: request, stop: lease)
            result.session.warnings = warnings.isEmpty ? nil : warnings
            await recordUsage(result)
            for warning in Self.guardWarnings(transcript, result) { context.report(.warning(item.source, warning)) }
            var segmentFiles: [Int: String] = [:]
            if context.manifest.segmentsAudio {
                let (session, folder, network) = (result.session, folder, item.network)
                let cuts = await BlockingWork.run {
                    BundleWriter.writeSegmentAudio(session, from: media, to: folder, network: network)
                }
                segmentFiles = cuts.files
                // Packets a damaged source holds that the output refused: the cut is made without
                // them, and the session says so.
                let left = cuts.rejectedPackets.sorted { $0.key < $1.key }.map {
                    "segment \($0.key)'s audio leaves out \($0.value) packet(s) of the recording that its container refused "
                        + "(damaged timestamps or data in the source)"
                }
                if !left.isEmpty { result.session.warnings = (result.session.warnings ?? []) + left }
                // A conversation without its audio is not a completed export: the recording fails
                // now (exit status 1) and the next run, which reuses the transcript and analyses,
                // cuts again.
                if !cuts.failures.isEmpty {
                    let failures = cuts.failures.sorted { $0.key < $1.key }
                    let listed = failures.map { "segment \($0.key): \($0.value)" }.joined(separator: "; ")
                    throw JobFailure(
                        ErrorObject(
                            code: Self.exportFailed,
                            message:
                                "\(item.source): \(failures.count) of \(failures.count + cuts.files.count) segment(s) could not be cut into "
                                + "\((folder as NSString).appendingPathComponent("segments")) (\(listed)). Free the space or fix the folder; "
                                + "the next run cuts them again without transcribing.",
                            details: Dictionary(uniqueKeysWithValues: failures.map { ("segment_\($0.key)", $0.value) }))
                    )
                }
            }
            // Analyses made in this run are on disk already (written as each finished); those reused
            // from the store are written only when their file is gone (`--reanalyze` clears them).
            for record in result.analyses
            where !FileManager.default.fileExists(atPath: "\(folder)/analyses/\(record.id).json") {
                try BundleWriter.writeAnalysis(BundleWriter.encoder.encode(record), id: record.id, to: folder)
            }
            let sessionJSON = try BundleWriter.encoder.encode(result.session)
            try BundleWriter.writeSession(sessionJSON, to: folder)
            try SessionReport.write(
                result.session, analyses: result.analyses, segmentFiles: segmentFiles, transcript: transcript,
                to: folder)
            try await store.saveSession(
                id: sessionID, recordingID: recordingID, status: result.session.status.rawValue, json: sessionJSON)
            try await store.complete(recordingID, owner: context.owner, sessionID: sessionID)
            // Every analysis announced, those a killed run stored but did not announce included.
            for record in result.analyses {
                try await publish(
                    .analysisCompleted, discriminator: record.id, data: BundleWriter.encoder.encode(record))
            }
            try await publish(.completed, data: sessionJSON)
            return .completed(
                conversations: result.session.conversations.count, analyzed: result.session.segmentsAnalyzed,
                audioSeconds: transcript.durationSeconds, truncated: probe.truncated)
        } catch {
            if let reason = Self.stopReason(error, run: context.stop, lease: lease) {
                try? await store.release(recordingID, owner: context.owner)
                return .stopped(reason)
            }
            let object = ErrorObject(error, source: item.source)
            await fail(request, error: object)
            return .failed(object)
        }
    }

    /// The recording as it is read: the source itself or, for an http(s) MP4/M4A that cannot be
    /// read in place (`Spool`), a copy in `<output>/.spool/` that the caller removes when done.
    func readableSource() throws(MediaError) -> (source: MediaSource, copy: String?, probe: ProbeResult) {
        let spooled = try Spool.readable(
            item.media, directory: (context.manifest.output as NSString).appendingPathComponent(".spool"),
            name: recordingID,
            network: item.network)
        if let probe = spooled.probe { return (spooled.source, spooled.copy, probe) }
        return (spooled.source, spooled.copy, try Probe.probe(spooled.source, network: item.network))
    }

    /// A recording that holds less than its header promises is processed as far as it goes, with a
    /// warning in its session, on the log and in the summary; with `on_truncated: fail` it fails.
    func truncationWarnings(_ probe: ProbeResult) throws -> [String] {
        guard probe.truncated else { return [] }
        let message =
            "\(item.source) holds less than its header promises (truncated: an upload or copy cut short?); "
            + "the \(Int(probe.durationSeconds.rounded())) s that are there were processed"
        if context.manifest.failOnTruncated {
            throw JobFailure(
                ErrorObject(
                    code: "truncated_media",
                    message:
                        "\(item.source) holds less than its header promises (truncated): fetch it again, or set on_truncated: warn.",
                    details: ["duration_seconds": String(probe.durationSeconds)]))
        }
        context.report(.warning(item.source, message))
        return [message]
    }

    /// The words: `transcript.json` of an earlier run when there is one (a resumed or `--reanalyze`
    /// run never transcribes twice), else the engine, resuming after the chunks stored.
    func transcribe(_ media: MediaSource, probe: ProbeResult?, stop lease: StopFlag) async throws -> Transcript {
        let path = (folder as NSString).appendingPathComponent("transcript.json")
        if let data = FileManager.default.contents(atPath: path),
            let stored = try? JSONDecoder().decode(Transcript.self, from: data)
        {
            return stored
        }
        let store = context.store
        let decoder = JSONDecoder()
        let resume = try await store.chunks(recordingID).map {
            try decoder.decode(ChunkTranscript.self, from: $0.payload)
        }
        let (recordingID, report, source) = (recordingID, context.report, item.source)
        let stop = context.stop
        let job = self
        // Each chunk is billed as it is stored, by the run that transcribed it: a run killed later
        // has paid for what it did, and the run that resumes pays only for the rest.
        let billedByChunks = BilledSeconds()
        let transcript = try await Transcriber.transcribe(
            media, engine: engine, skipDiarization: item.options.skipDiarization ?? false, network: item.network,
            language: item.options.language,
            probe: probe, resume: resume,
            onChunk: { chunk in
                // Each finished chunk is a checkpoint, stored while the engine decodes the next one.
                guard let payload = try? BundleWriter.encoder.encode(chunk) else { return }
                try? await store.saveChunk(
                    recordingID,
                    TranscriptChunk(
                        index: chunk.index, startSeconds: chunk.startSeconds, endSeconds: chunk.endSeconds,
                        payload: payload))
                let seconds = chunk.endSeconds - chunk.startSeconds
                await job.bill(job.transcriptionUsage(seconds: seconds))
                billedByChunks.add(seconds)
            },
            shouldStop: { stop.isSet || lease.isSet },
            progress: { progress in
                report(.transcribed(source, audioSeconds: progress.audioSeconds, totalSeconds: progress.totalSeconds))
            })
        try BundleWriter.writeTranscript(transcript, to: folder)
        // What no chunk billed: all of it for an engine that works in one piece.
        let rest = transcript.durationSeconds - (resume.last?.endSeconds ?? 0) - billedByChunks.total
        if rest > 0.5 { await bill(transcriptionUsage(seconds: rest)) }
        return transcript
    }

    /// A transcription usage row for `seconds` of audio, priced by `usd_per_hour` when the manifest gives it.
    func transcriptionUsage(seconds: Double) -> UsageRecord {
        let perHour: Double? =
            if case .number(let price)? = context.manifest.engines.transcriber.settings["usd_per_hour"] { price } else {
                nil
            }
        return UsageRecord(
            runID: context.runID, recordingID: recordingID, sessionID: sessionID, stage: .transcription,
            engine: engine.name,
            audioSeconds: seconds, costCents: (perHour ?? 0) * seconds / 36)
    }

    /// The detection and the analyses this run made (reused ones were billed when made).
    func recordUsage(_ result: SessionAnalysis.Result) async {
        func row(_ stage: UsageRecord.Stage, item: String?, engine: String, _ usage: Usage, fallback: String?)
            -> UsageRecord
        {
            UsageRecord(
                runID: context.runID, recordingID: recordingID, sessionID: sessionID, stage: stage, itemID: item,
                engine: engine, calls: usage.calls,
                failedCalls: usage.failedRequests, promptTokens: usage.promptTokens,
                completionTokens: usage.completionTokens,
                costCents: usage.costCents, fallback: fallback)
        }
        await bill(
            row(
                .detection, item: nil, engine: context.detector.name, result.detection,
                fallback: result.detectionFallback))
        for record in result.analyses {
            guard let usage = result.analysisUsage[record.id] else { continue }
            let fallback = record.analysis?.synthesisSnapshot.details?.fallbackReason
            await bill(row(.analysis, item: record.id, engine: context.analyzer.name, usage, fallback: fallback))
        }
    }

    /// What the guards dropped and the engines had to try again or replace, one warning each, so
    /// a log shipper sees them without opening the bundle (where each is kept with its reason).
    static func guardWarnings(_ transcript: Transcript, _ result: SessionAnalysis.Result) -> [String] {
        var warnings: [String] = []
        let dropped = transcript.dropped.filter { !$0.recovered }
        if !dropped.isEmpty {
            warnings.append(
                "\(dropped.count) transcript window(s) dropped by the transcript guard, e.g. at "
                    + "\(TimeSpan.clock(dropped[0].start)): \(dropped[0].reason) (transcript.json `dropped`)")
        }
        let analyses = result.analyses.compactMap(\.analysis)
        let quotes = analyses.reduce(0) { $0 + ($1.synthesisSnapshot.details?.quotesDropped ?? 0) }
        if quotes > 0 {
            warnings.append("\(quotes) quote(s) from the analyzer dropped: not found in the transcript")
        }
        let retries = result.analysisUsage.values.reduce(result.detection.retries) { $0 + $1.retries }
        if retries > 0 {
            warnings.append("\(retries) LLM request(s) tried again (a timeout, 429 or 5xx)")
        }
        if let code = result.detectionFallback {
            warnings.append("detection fell back to the built-in detector (\(code))")
        }
        let fallbacks = analyses.compactMap { $0.synthesisSnapshot.details?.fallbackReason }
        if let first = fallbacks.first {
            warnings.append("\(fallbacks.count) analysis(es) fell back to the built-in analyzer (\(first))")
        }
        return warnings
    }

    /// A usage row is bookkeeping: a database hiccup is reported, never a failed recording.
    func bill(_ usage: UsageRecord) async {
        do { try await context.store.recordUsage(usage) } catch {
            context.report(
                .warning(
                    item.source, "usage of the \(usage.stage.rawValue) not recorded: \(error.code): \(error.message)"))
        }
    }

    func analyze(_ transcript: Transcript, of media: MediaSource, request: SessionRequest, stop lease: StopFlag)
        async throws
        -> SessionAnalysis.Result
    {
        let store = context.store
        var reuse: [String: AnalysisRecord] = [:]
        if !context.reanalyze {
            for stored in try await store.analyses(sessionID: sessionID) {
                if let record = try? JSONDecoder().decode(AnalysisRecord.self, from: stored.json) {
                    reuse[record.id] = record
                }
            }
        }
        // The rep's pitch, from a file only (decoding a remote recording again would download it twice).
        let measure: (@Sendable ([(start: Double, end: Double)]) async -> [Prosody?])? =
            media.isRemote
            ? nil
            : { @Sendable spans in
                await BlockingWork.run {
                    (try? ProsodyMeter.measure(media, transcript: transcript, conversations: spans)) ?? []
                }
            }
        var indexOf: [String: Int] = [:]
        return try await SessionAnalysis.run(
            transcript: transcript, request: request, playbooks: context.playbooks, detector: context.detector,
            analyzer: context.analyzer,
            concurrency: context.manifest.concurrency.analysesPerRecording,
            prosody: measure,
            reuse: reuse,
            onDetected: { session in
                for (index, segment) in session.segments.enumerated() {
                    if let id = segment.analysisID { indexOf[id] = index }
                }
                try? await store.setStage(recordingID, owner: context.owner, to: .analyzing)
                // The session row first: the analyses stored next belong to it.
                if let json = try? BundleWriter.encoder.encode(session) {
                    try? await store.saveSession(
                        id: sessionID, recordingID: recordingID, status: session.status.rawValue, json: json)
                    try? await publish(.detected, data: json)
                }
            },
            onAnalysis: { record in
                // One analysis is one unit of work: on disk and in the store before the next is counted.
                if let json = try? BundleWriter.encoder.encode(record) {
                    _ = try? BundleWriter.writeAnalysis(json, id: record.id, to: folder)
                    try? await store.saveAnalysis(
                        id: record.id, sessionID: sessionID, index: indexOf[record.id] ?? 0, json: json)
                    try? await publish(.analysisCompleted, discriminator: record.id, data: json)
                }
            })
    }

    func request(createdAt: String) -> SessionRequest {
        let options = item.options
        var request = SessionRequest(
            sessionID: sessionUUID, recordingURL: item.source, transcriptURL: "transcript.json",
            orgID: item.orgID,
            repID: item.repID,
            minConfidence: options.minConfidence ?? ConversationDetector.Options.defaultMinConfidence,
            autoAnalyze: options.autoAnalyze ?? true,
            playbookContent: options.playbookContent, playbookID: options.playbookID, callbackURL: options.callbackURL,
            options: options.json, metadata: item.metadata)
        request.promptOverrides = options.promptOverrides ?? []
        request.createdAt = createdAt
        return request
    }

    /// The session as it stands before detection (for processing_started).
    func provisional(_ request: SessionRequest, status: SessionRecord.Status, error: ErrorObject? = nil)
        -> SessionRecord
    {
        SessionRecord(
            id: sessionID, status: status, recordingURL: request.recordingURL, transcriptURL: nil, durationSeconds: nil,
            segmentsDetected: 0,
            segmentsAnalyzed: 0, segmentsPendingReview: 0, segmentsSkipped: 0, segments: [],
            options: request.echoedOptions,
            metadata: request.metadata, callbackURL: request.callbackURL, error: error,
            createdAt: request.createdAt ?? "",
            startedAt: request.createdAt, completedAt: error == nil ? nil : Timestamp.string(Date()),
            partnerOrgID: request.orgID,
            partnerRepID: request.repID)
    }

    /// A failed recording still gets its `session.json` (status failed, the error), its `report.html`, an event, and its state.
    func fail(_ request: SessionRequest, error: ErrorObject) async {
        let session = provisional(request, status: .failed, error: error)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let json = try? BundleWriter.encoder.encode(session)
        if let json {
            _ = try? BundleWriter.writeSession(json, to: folder)
            try? await context.store.saveSession(
                id: sessionID, recordingID: recordingID, status: session.status.rawValue, json: json)
        }
        try? SessionReport.write(session, analyses: [], to: folder)
        let details = (try? JSONEncoder().encode(error.details)) ?? Data("{}".utf8)
        try? await context.store.fail(
            recordingID, owner: context.owner,
            error: Recording.Failure(code: error.code, message: error.message, details: details))
        if let json { try? await publish(.failed, data: json) }
    }

    func publish(_ type: SessionEvent.Kind, discriminator: String = "", data: Data) async throws {
        try await context.publisher.publish(
            SessionEvent(type: type, sessionID: sessionID, discriminator: discriminator, data: data),
            recordingID: recordingID,
            callbackURL: item.options.callbackURL)
    }

    static func stopReason(_ error: any Error, run: StopFlag, lease: StopFlag) -> String? {
        if case TranscriptionError.stopped = error { return lease.reason ?? run.reason ?? "stopped" }
        if case StoreError.leaseLost = error { return "the lease on this recording was lost" }
        if error is CancellationError { return run.reason ?? "cancelled" }
        return nil
    }
}

/// A failure the job decides itself (no speech), carried as the error object it becomes.
struct JobFailure: CodedError {
    let object: ErrorObject
    init(_ object: ErrorObject) { self.object = object }
    var code: String { object.code }
    var message: String { object.message }
    var details: [String: String] { object.details }
}

/// Seconds of audio billed chunk by chunk, shared with the chunk callback.
private final class BilledSeconds: Sendable {
    private let seconds = Mutex(0.0)

    func add(_ more: Double) { seconds.withLock { $0 += more } }
    var total: Double { seconds.withLock { $0 } }
}
