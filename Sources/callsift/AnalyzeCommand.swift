import ArgumentParser
import Conversations
import Core
import Foundation
import Media
import Scoring
import Sessions
import Transcription
import Transcripts

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find the conversations in a transcript and score each sales call on the six V5 pillars.",
        discussion: """
            Reads a transcript written by `callsift transcribe` and writes into DIR: session.json (the all-day session API's \
            session: every sales conversation found, with confidence, customer, outcome, summary and status) and \
            analyses/<id>.json (the analysis API's analysis) for each segment analyzed. Segments at or above \
            --min-confidence are analyzed, from 0.5 up to it need review, below 0.5 are skipped. Playbooks resolve \
            in the all-day session API's order: --playbook (a file: its content; otherwise an id in --playbooks), then the rep's \
            playbook, then the org's, then none. With --manifest, the manifest's engines detect and analyze, as in \
            `callsift run` (engines.detector, engines.analyzer and engines.llm, its key read from the variable it names); \
            without it, the built-in ones. Same transcript, same ids; with the built-in engines the same analyses, byte for byte \
            (the created/started/completed timestamps aside). Exit status: 0 done (0 conversations is a success), \
            1 failed, 2 usage.
            """
    )

    @Argument(help: "A transcript JSON file (from `callsift transcribe`).")
    var transcript: String

    @Option(name: [.short, .customLong("output")], help: "The folder to write session.json and analyses/ into.")
    var output = "."

    @Option(help: "Segments with at least this confidence are analyzed (0–1).")
    var minConfidence = ConversationDetector.Options.defaultMinConfidence

    @Flag(help: "Detect only: list the segments, analyze none.")
    var noAutoAnalyze = false

    @Option(help: "A playbook file (Markdown or YAML), or the id of one in --playbooks.")
    var playbook: String?

    @Option(help: "A folder of playbooks registered by org_id / rep_id.")
    var playbooks: String?

    @Option(help: "The org the call belongs to (picks the org playbook).")
    var org: String?

    @Option(help: "The rep who made the call (picks the rep playbook).")
    var rep: String?

    @Option(
        help: "The recording the transcript came from (file path or URL): for the playback block and the rep's pitch.")
    var recording: String?

    @Option(
        name: [.short, .customLong("manifest")],
        help: "Detect and analyze with this manifest's engines (engines.detector, engines.analyzer, engines.llm).")
    var manifest: String?

    @Flag(help: "Print the session record (session.json, as written) instead of the lines.") var json = false

    func validate() throws {
        guard (0...1).contains(minConfidence) else {
            throw ValidationError("--min-confidence must be between 0 and 1.")
        }
    }

    func run() async throws {
        let data: Data
        let parsed: Transcript
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: transcript))
            parsed = try JSONDecoder().decode(Transcript.self, from: data)
        } catch {
            Output.error(
                "error invalid_transcript: \(transcript) is not a callsift transcript (\(error.localizedDescription)). Make one with `callsift transcribe`."
            )
            throw ExitCode(ExitStatus.someFailed)
        }
        do {
            let library = try playbooks.map { try PlaybookLibrary(directory: $0) } ?? PlaybookLibrary(playbooks: [])
            for problem in library.problems { Output.error("warning \(problem.code): \(problem.message)") }
            var content: String?
            var id: String?
            if let playbook {
                if FileManager.default.fileExists(atPath: playbook) {
                    content = try String(contentsOfFile: playbook, encoding: .utf8)
                } else {
                    id = playbook
                }
            }
            let request = SessionRequest(
                sessionID: DeterministicID.make(name: "transcript/sha256/" + DeterministicID.sha256(data)),
                recordingURL: recording,
                transcriptURL: transcript, orgID: org, repID: rep, minConfidence: minConfidence,
                autoAnalyze: !noAutoAnalyze,
                playbookContent: content, playbookID: id)
            let (detector, analyzer, _) = try BatchCLI.stages(manifest: manifest)
            let result = try await SessionAnalysis.run(
                transcript: parsed, request: request, playbooks: library, detector: detector, analyzer: analyzer,
                prosody: recording.map { Self.prosody(of: $0, transcript: parsed) })
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try BundleWriter.write(result, to: output)
            if json {
                Output.json(result.session)
            } else {
                Self.print(result, output: output)
                Self.printUsage(result, detector: detector.name, analyzer: analyzer.name)
            }
        } catch let error as PlaybookError {
            Output.error("error \(error.code): \(error.message)")
            throw ExitCode(ExitStatus.someFailed)
        }
    }

    /// What the model calls took, when a stage is an LLM: requests, tokens, failures.
    static func printUsage(_ result: SessionAnalysis.Result, detector: String, analyzer: String) {
        let analysis = result.analysisUsage.values.reduce(Usage.zero, +)
        for (stage, name, usage) in [("detection", detector, result.detection), ("analysis", analyzer, analysis)]
        where usage.requests > 0 {
            Output.line(
                "  \(stage) by \(name): \(usage.calls) call(s), \(usage.requests) request(s), "
                    + "\(usage.promptTokens) tokens in, \(usage.completionTokens) out, \(usage.failedCalls) failed"
                    + (stage == "detection" ? result.detectionFallback.map { " · fell back: \($0)" } ?? "" : ""))
        }
    }

    /// Measures the rep's pitch from the recording over the analyzed spans; a recording that cannot
    /// be read costs only the pitch figures (a warning), not the analysis.
    static func prosody(
        of recording: String, transcript: Transcript
    ) -> @Sendable ([(start: Double, end: Double)]) async -> [Prosody?] {
        { spans in
            await BlockingWork.run { measure(recording, transcript: transcript, spans: spans) }
        }
    }

    static func measure(_ recording: String, transcript: Transcript, spans: [(start: Double, end: Double)])
        -> [Prosody?]
    {
        do {
            return try ProsodyMeter.measure(MediaSource(recording), transcript: transcript, conversations: spans)
        } catch {
            Output.error("warning \(error.code): pitch not measured: \(error.message)")
            return []
        }
    }

    static func print(_ result: SessionAnalysis.Result, output: String) {
        let session = result.session
        Output.line(
            "\(session.segmentsDetected) segment(s), \(session.conversations.count) sales conversation(s): \(session.segmentsAnalyzed) analyzed, "
                + "\(session.segmentsPendingReview) need review, \(session.segmentsSkipped) skipped → \(output)/session.json"
        )
        let analyses = Dictionary(result.analyses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for segment in session.segments {
            let range = "\(TimeSpan.clock(segment.startSeconds))–\(TimeSpan.clock(segment.endSeconds))"
            guard segment.isSalesConversation else {
                Output.line("  \(range) \(segment.kind.rawValue) · skipped: \(segment.statusReason)")
                continue
            }
            var line =
                "  \(range) \(segment.customerName ?? "?") · \(segment.detectedOutcome.rawValue) · \(segment.status.rawValue) (\(segment.confidence))"
            if let id = segment.analysisID, let analysis = analyses[id]?.analysis {
                line +=
                    " · overall \(analysis.overallScore): "
                    + Analysis.Pillar.allCases.map { "\($0.rawValue) \(analysis.score($0))" }.joined(separator: ", ")
            } else if segment.status != .analyzed {
                line += ": \(segment.statusReason)"
            }
            Output.line(line)
        }
    }
}
