import Conversations
import Core
import Foundation
import Scoring
import Transcripts

/// Detect, then analyze: one recording's transcript in, the all-day session API's session and the analysis API's
/// analyses out. `prosody`, when given, measures the rep's voice over the analyzed spans (see
/// `ProsodyMeter`) for the delivery pillar. Ids are deterministic (`DeterministicID` of the session id and the segment's
/// index), so the same transcript always yields the same ids.
public enum SessionAnalysis {
    public struct Result: Sendable {
        public var session: SessionRecord
        public var analyses: [AnalysisRecord]
        /// What detection cost (an LLM detector), and the code that made it fall back to the built-in one.
        public var detection = Usage.zero
        public var detectionFallback: String?
        /// What each analysis made here (not reused) cost, by analysis id.
        public var analysisUsage: [String: Usage] = [:]
    }

    /// The all-day session API: at most 5 analyses at once per recording.
    public static let defaultConcurrency = 5

    public static func run(
        transcript: Transcript, request: SessionRequest, playbooks: PlaybookLibrary = PlaybookLibrary(playbooks: []),
        detector: any ConversationDetecting = BuiltInDetector(), analyzer: any ConversationAnalyzer = BuiltInAnalyzer(),
        concurrency: Int = defaultConcurrency,
        prosody: (@Sendable (_ spans: [(start: Double, end: Double)]) async -> [Prosody?])? = nil,
        reuse: [String: AnalysisRecord] = [:],
        onDetected: (SessionRecord) async -> Void = { _ in }, onAnalysis: (AnalysisRecord) async -> Void = { _ in },
        now: @escaping @Sendable () -> Date = Date.init
    ) async throws(PlaybookError) -> Result {
        let started = request.createdAt ?? Timestamp.string(now())
        let playbook = try playbooks.resolve(
            content: request.playbookContent, playbookID: request.playbookID, orgID: request.orgID, repID: request.repID
        )
        let detection = await detector.detect(
            transcript,
            options: .init(minConfidence: request.minConfidence, repName: request.repName ?? playbook?.playbook.repName)
        )
        // A detector that fell back says so where a person reads the segments.
        let detected = detection.segments.map { segment in
            var segment = segment
            if let code = detection.fallback {
                segment.signals.append("\(detector.name) fell back to the built-in detector: \(code)")
            }
            return segment
        }
        let session = request.sessionID.lowercasedID
        let detectedAt = Timestamp.string(now())
        // Every span is a segment, sales or not: nothing the detector weighed disappears.
        var segments = detected.enumerated().map { index, segment in
            var record = SegmentRecord(
                id: DeterministicID.make(name: "\(session)/segment/\(index)").lowercasedID, segment: segment,
                createdAt: detectedAt,
                playback: request.recordingURL.map {
                    Playback(recordingURL: $0, startSeconds: segment.startSeconds, endSeconds: segment.endSeconds)
                })
            if request.autoAnalyze, segment.status == .analyzed {
                let id = DeterministicID.make(name: "\(session)/analysis/\(index)").lowercasedID
                record.analysisID = id
                record.analysisURL = "analyses/\(id).json"
            } else if !request.autoAnalyze, segment.status == .analyzed {
                // Detection said "analyze", the request said not to: it waits for a person.
                record.status = .needsReview
                record.statusReason = "auto_analyze is off: detection would have analyzed it (\(segment.statusReason))"
            }
            return record
        }
        let roles = Dictionary(transcript.speakers.map { ($0.id, $0.role) }, uniquingKeysWith: { first, _ in first })
        func record(status: SessionRecord.Status, analyses: [Int: AnalysisRecord], completedAt: String?)
            -> SessionRecord
        {
            SessionRecord(
                id: session, status: status, recordingURL: request.recordingURL, transcriptURL: request.transcriptURL,
                durationSeconds: Int(transcript.durationSeconds.rounded()), segmentsDetected: segments.count,
                segmentsAnalyzed: analyses.values.filter { $0.status == .completed }.count,
                segmentsPendingReview: segments.filter { $0.status == .needsReview }.count,
                segmentsSkipped: segments.filter { $0.status == .skipped }.count,
                segments: segments, options: request.echoedOptions, metadata: request.metadata,
                callbackURL: request.callbackURL, error: nil, createdAt: started, startedAt: started,
                completedAt: completedAt,
                partnerOrgID: request.orgID, partnerRepID: request.repID, language: transcript.language)
        }
        await onDetected(record(status: .analyzing, analyses: [:], completedAt: nil))

        // Analyze the chosen segments, at most `concurrency` at once; one failure fails only its analysis.
        let jobs = segments.indices.filter { segments[$0].analysisID != nil }
        // Analyses a previous (killed) run already finished are kept, not redone.
        var analyses: [Int: AnalysisRecord] = [:]
        // Only when it is the same conversation by the same engine: an LLM detector may cut the day
        // differently on the next run, the manifest may have changed the analyzer, and a built-in
        // stand-in for a model that failed is worth asking the model again.
        for index in jobs {
            guard let done = reuse[segments[index].analysisID!], done.status == .completed,
                let snapshot = done.analysis?.synthesisSnapshot,
                snapshot.engine == analyzer.name, snapshot.details?.fallback == nil,
                abs(snapshot.startSeconds - detected[index].startSeconds) < 0.01,
                abs(snapshot.endSeconds - detected[index].endSeconds) < 0.01
            else { continue }
            analyses[index] = done
        }
        let pending = jobs.filter { analyses[$0] == nil }
        // The rep's voice, measured from the audio when the caller has it: one entry per job.
        var voices: [Prosody?] = []
        if !pending.isEmpty, let prosody {
            voices = await prosody(pending.map { (detected[$0].startSeconds, detected[$0].endSeconds) })
        }
        let voiceOf = Dictionary(uniqueKeysWithValues: zip(pending, voices))
        let analysisRequest = AnalysisRequest(playbook: playbook, promptOverrides: request.promptOverrides)
        var analysisUsage: [String: Usage] = [:]
        await withTaskGroup(of: (Int, AnalysisRecord, Usage).self) { group in
            var next = pending.makeIterator()
            func add() {
                guard let index = next.next() else { return }
                let segment = detected[index]
                let record = segments[index]
                let slice = CallSlice.cut(
                    transcript, from: segment.startSeconds, to: segment.endSeconds, prospectName: segment.customerName,
                    repName: segment.repName, prosody: voiceOf[index] ?? nil)
                group.addTask {
                    let startedAt = Timestamp.string(now())
                    var analysis: Analysis?
                    var failure: ErrorObject?
                    var usage = Usage.zero
                    do {
                        let outcome = try await analyzer.analyze(slice, request: analysisRequest)
                        (analysis, usage) = (outcome.analysis, outcome.usage)
                    } catch let error as any CodedError {
                        // Its own code when it has one (language_unsupported): what a person acts on;
                        // and what a model's calls took before, billed all the same.
                        usage = (error as? LanguageUnsupported)?.usage ?? .zero
                        failure = ErrorObject(
                            code: error.code, message: "The \(analyzer.name) analyzer failed: \(error.message)")
                    } catch {
                        failure = ErrorObject(
                            code: "analysis_failed", message: "The \(analyzer.name) analyzer failed: \(error)")
                    }
                    return (
                        index,
                        AnalysisRecord(
                            id: record.analysisID!, status: failure == nil ? .completed : .failed,
                            recordingURL: request.recordingURL,
                            transcriptURL: request.transcriptURL, callbackURL: request.callbackURL,
                            options: request.echoedOptions,
                            metadata: request.metadata, transcript: .init(slice, roles: roles), analysis: analysis,
                            error: failure,
                            durationSeconds: Int((segment.endSeconds - segment.startSeconds).rounded()),
                            costUSDCents: Int(usage.costCents.rounded()),
                            createdAt: detectedAt, startedAt: startedAt, completedAt: Timestamp.string(now()),
                            partnerOrgID: request.orgID,
                            partnerRepID: request.repID, parentSessionID: session), usage
                    )
                }
            }
            for _ in 0..<max(1, concurrency) { add() }
            while let (index, done, usage) = await group.next() {
                analyses[index] = done
                analysisUsage[done.id] = usage
                await onAnalysis(done)
                add()
            }
        }
        for (index, record) in analyses where record.status == .completed {
            segments[index].analyzedAt = record.completedAt
        }

        return Result(
            session: record(status: .completed, analyses: analyses, completedAt: Timestamp.string(now())),
            analyses: jobs.compactMap { analyses[$0] },
            detection: detection.usage, detectionFallback: detection.fallback, analysisUsage: analysisUsage)
    }
}
