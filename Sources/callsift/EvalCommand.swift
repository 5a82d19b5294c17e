import ArgumentParser
import Conversations
import Core
import Foundation
import LLMEngines
import Media
import Scoring
import Sessions
import Transcription
import Transcripts

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run the chain on evaluation sets and measure it against their truth files.",
        discussion: """
            Each SET_DIR is an evaluation set: recordings with a NAME.truth.json beside each (make samples, \
            make heldout). For every truth file (sorted), the recording it names is transcribed (or its \
            transcript read from --transcripts DIR/NAME.transcript.json), its conversations detected, and \
            compared with the truth: boundary precision, recall and F1 at ±5 s, Pk, kind, outcome and \
            customer-name accuracy, segments analyzed/needs review/skipped, sales calls missed (no sales \
            segment covers half of them), non-sales segments analyzed, speech coverage (the share of the \
            speech the voice-activity detector heard that carries words) and the diarization error rate \
            (collar 0.25 s). A last row pools each set; with several sets, their pooled rows follow side by \
            side. Exit status: 0 when every set's pooled row meets the floors (boundary F1 ≥ 0.95, no sales \
            call missed, no non-sales segment analyzed, outcome accuracy ≥ 85%, speech coverage ≥ 98%), \
            1 when one does not or a recording failed, 2 usage (no such folder, no truth files, \
            --transcripts not a folder). With --manifest, the manifest's detector and analyzer (an LLM's) do the \
            detecting and scoring, and what each LLM stage took is listed last: requests, tokens, valid first \
            replies, repairs, fallbacks, quotes dropped, and the median and 95th-percentile seconds per detection \
            and per analysis.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "Folders of recordings and their *.truth.json (make samples, make heldout).", valueName: "set-dir"))
    var sets: [String] = ["samples/out"]

    @Option(
        help: ArgumentHelp(
            "A folder of NAME.transcript.json: read when there, written when a recording had to be transcribed.",
            valueName: "dir"))
    var transcripts: String?

    @Option(
        name: [.short, .customLong("manifest")],
        help: "Detect and analyze with this manifest's engines (engines.detector, engines.analyzer, engines.llm).")
    var manifest: String?

    @Flag(help: "One JSON object per row (each set's pooled row last, with its set) instead of the table.")
    var json = false

    func validate() throws {
        var isDirectory: ObjCBool = false
        if let transcripts,
            !(FileManager.default.fileExists(atPath: transcripts, isDirectory: &isDirectory) && isDirectory.boolValue)
        {
            throw ValidationError("--transcripts \(transcripts) is not a folder.")
        }
    }

    func run() async throws {
        var loaded: [(set: String, samples: [SampleEvaluation.Sample])] = []
        for set in sets {
            do {
                loaded.append((set, try SampleEvaluation.samples(in: set)))
            } catch {
                Output.error("error \(error.code): \(error.message)")
                switch error {
                case .notADirectory, .noTruthFiles: throw ExitCode(ExitStatus.usage)
                case .invalidFile: throw ExitCode(ExitStatus.someFailed)
                }
            }
        }
        // As many analyses at once as the endpoint takes: a model's latency is then its own, not
        // time spent queueing behind the others.
        let (detector, analyzer, concurrency) = try BatchCLI.stages(manifest: manifest)
        var engine: Result<WhisperEngine, TranscriptionError>?
        defer { if case .success(let whisper) = engine { whisper.shutdown() } }
        let floors = SampleEvaluation.Floors()
        var pooled: [(set: String, row: Scored)] = []
        var failed = false
        for (set, samples) in loaded {
            if !json { Output.line("\(set)\n" + Self.header) }
            var recordings: [SampleEvaluation.Recording] = []
            var detection = StageFigures(stage: "detection")
            var analysis = StageFigures(stage: "analysis")
            var totals: [Analysis] = []
            var failures = 0
            for sample in samples {
                do {
                    let transcript = try await self.transcript(of: sample, engine: &engine)
                    let found = await detector.detect(transcript, options: ConversationDetector.Options())
                    if detector is LLMDetector { detection.add(found) }
                    let recording = SampleEvaluation.Recording(
                        truth: sample.truth, transcript: transcript, segments: found.segments)
                    recordings.append(recording)
                    // The last link of the chain: score every analyzed segment, as `callsift analyze` does.
                    let session = try await SessionAnalysis.run(
                        transcript: transcript,
                        request: SessionRequest(
                            sessionID: DeterministicID.make(name: "eval/\(sample.truth.recording)")),
                        detector: Detected(name: detector.name, outcome: found), analyzer: analyzer,
                        concurrency: concurrency)
                    if analyzer is LLMAnalyzer {
                        for record in session.analyses {
                            guard let scored = record.analysis else { continue }
                            analysis.add(scored, usage: session.analysisUsage[record.id] ?? .zero)
                        }
                    }
                    let scored = Scored(set: set, row: recording.row, analyses: session.analyses.compactMap(\.analysis))
                    totals.append(contentsOf: scored.analyses)
                    if json { Output.json(scored) } else { Output.line(Self.describe(scored)) }
                } catch let error as TranscriptionError {
                    failures += 1
                    Output.error("\(sample.truth.recording): error \(error.code): \(error.message)")
                } catch {
                    failures += 1
                    Output.error("\(sample.truth.recording): error: \(error)")
                }
            }
            let overall = Scored(
                set: set, row: SampleEvaluation.Report(recordings: recordings).overall, analyses: totals)
            pooled.append((set, overall))
            if json { Output.json(overall) } else { Output.line(Self.describe(overall)) }
            // What the LLM stages took on this set.
            let figures = [detection, analysis].filter { $0.events > 0 }
            if json {
                for stage in figures { Output.json(SetStage(set: set, llmStage: stage)) }
            } else if !figures.isEmpty {
                Output.line("\(set): LLM stages (\(manifest ?? ""))")
                for stage in figures { Output.line("  " + stage.line) }
            }
            let missed = floors.failures(of: overall.row)
            for floor in missed { Output.error("\(set): floor not met: \(floor)") }
            if failures > 0 { Output.error("\(set): \(failures) of \(samples.count) recording(s) failed") }
            if !missed.isEmpty || failures > 0 {
                failed = true
            } else if !json {
                Output.line("\(set): floors met: \(floors.summary)")
            }
            if !json { Output.line("") }
        }
        if !json, pooled.count > 1 {
            Output.line("side by side\n" + Self.header)
            for (set, row) in pooled {
                var named = row
                named.row.recording = set
                Output.line(Self.describe(named))
            }
        }
        if failed { throw ExitCode(ExitStatus.someFailed) }
    }

    /// One LLM stage's figures on one set, as `--json` prints them.
    private struct SetStage: Encodable {
        let set: String
        let llmStage: StageFigures

        enum CodingKeys: String, CodingKey {
            case set
            case llmStage = "llm_stage"
        }
    }

    /// Hands `SessionAnalysis` the segments already found, so a model is not asked twice.
    private struct Detected: ConversationDetecting {
        let name: String
        let outcome: DetectionOutcome

        func detect(_ transcript: Transcript, options: ConversationDetector.Options) async -> DetectionOutcome {
            outcome
        }
    }

    /// The stored transcript, or a fresh one (stored when --transcripts is given). One worker for
    /// every recording, started on the first that needs it; if it cannot start, none is tried again.
    private func transcript(
        of sample: SampleEvaluation.Sample, engine: inout Result<WhisperEngine, TranscriptionError>?
    ) async throws -> Transcript {
        if let transcripts, let stored = try sample.storedTranscript(in: transcripts) { return stored }
        if engine == nil { engine = Result { () throws(TranscriptionError) in try WhisperEngine() } }
        let whisper = try engine!.get()
        let showProgress = isatty(STDERR_FILENO) == 1
        if showProgress { Output.progress("transcribing \(sample.truth.recording)") }
        defer { if showProgress { Output.progress(nil) } }
        let transcript = try await Transcriber.transcribe(MediaSource(sample.recordingPath), engine: whisper)
        if let transcripts {
            let path = (transcripts as NSString).appendingPathComponent("\(sample.name).transcript.json")
            try BundleWriter.atomically(BundleWriter.encoder.encode(transcript), to: path)
        }
        return transcript
    }

    static let columns: [(title: String, width: Int)] = [
        ("recording", 26), ("true/found", 10), ("P", 5), ("R", 5), ("F1", 5), ("Pk", 6), ("kind", 5), ("outcome", 7),
        ("customer", 8), ("analyzed/review/skipped", 23), ("missed", 6), ("non-sales analyzed", 18), ("coverage", 8),
        ("DER", 5),
        ("scored", 6), ("mean overall", 12),
    ]

    static var header: String { format(columns.map(\.title)) }

    /// A row with the analyses of its analyzed segments: how many, and their mean overall score.
    struct Scored: Encodable {
        let set: String
        var row: SampleEvaluation.Row
        let analyses: [Analysis]

        var meanOverall: Double? {
            analyses.isEmpty ? nil : Double(analyses.reduce(0) { $0 + $1.overallScore }) / Double(analyses.count)
        }

        enum CodingKeys: String, CodingKey {
            case set, scored
            case meanOverallScore = "mean_overall_score"
        }

        func encode(to encoder: any Encoder) throws {
            try row.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(set, forKey: .set)
            try c.encode(analyses.count, forKey: .scored)
            try c.encode(meanOverall, forKey: .meanOverallScore)
        }
    }

    static func describe(_ scored: Scored) -> String {
        let row = scored.row
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
        return format([
            row.recording, "\(row.trueConversations)/\(row.foundConversations)",
            String(format: "%.2f", row.precision), String(format: "%.2f", row.recall), String(format: "%.2f", row.f1),
            String(format: "%.3f", row.pk), percent(row.kindAccuracy), percent(row.outcomeAccuracy),
            percent(row.customerNameAccuracy),
            "\(row.analyzed)/\(row.needsReview)/\(row.skipped)", "\(row.missedSalesConversations)",
            "\(row.nonSalesAnalyzed)",
            row.speechCoverage.map { String(format: "%.1f%%", $0 * 100) } ?? "-", String(format: "%.2f", row.der),
            "\(scored.analyses.count)",
            scored.meanOverall.map { String(format: "%.1f", $0) } ?? "-",
        ])
    }

    /// The first column left-aligned, the others right-aligned, two spaces apart.
    static func format(_ cells: [String]) -> String {
        zip(cells, columns).enumerated().map { index, pair in
            let padding = String(repeating: " ", count: max(0, pair.1.width - pair.0.count))
            return index == 0 ? pair.0 + padding : padding + pair.0
        }.joined(separator: "  ")
    }
}
