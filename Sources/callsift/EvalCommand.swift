import ArgumentParser
import Batch
import Conversations
import Foundation
import Media
import Scoring
import Transcription

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run the chain on the generated samples and measure it against their truth files.",
        discussion: """
            For every NAME.truth.json in SAMPLES_DIR (sorted), the recording it names is transcribed (or its \
            transcript read from --transcripts DIR/NAME.transcript.json), its conversations detected, and \
            compared with the truth: boundary precision, recall and F1 at ±5 s, Pk, kind, outcome and \
            customer-name accuracy, segments analyzed/needs review/skipped, non-sales segments analyzed. \
            A last row pools every recording. Exit status: 0 when the overall row meets the floors \
            (boundary F1 ≥ 0.95, no non-sales segment analyzed, outcome accuracy ≥ 90%), 1 when it does not \
            or a recording failed, 2 usage (no such folder, no truth files, --transcripts not a folder).
            """
    )

    @Argument(help: ArgumentHelp("The folder of generated samples and their *.truth.json (make samples).", valueName: "samples-dir"))
    var samplesDirectory = "samples/out"

    @Option(help: ArgumentHelp(
        "A folder of NAME.transcript.json (as make run writes to out/samples); recordings without one are transcribed.", valueName: "dir"))
    var transcripts: String?

    @Flag(help: "One JSON object per row (the overall row last) instead of the table.")
    var json = false

    func validate() throws {
        var isDirectory: ObjCBool = false
        if let transcripts, !(FileManager.default.fileExists(atPath: transcripts, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw ValidationError("--transcripts \(transcripts) is not a folder.")
        }
    }

    func run() async throws {
        let samples: [SampleEvaluation.Sample]
        do {
            samples = try SampleEvaluation.samples(in: samplesDirectory)
        } catch {
            switch error {
            case .notADirectory, .noTruthFiles:
                Output.error("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            case .invalidFile:
                Output.error("error: \(error)")
                throw ExitCode(ExitStatus.someFailed)
            }
        }
        if !json { Output.line(Self.header) }
        var engine: Result<WhisperEngine, TranscriptionError>?
        defer { if case .success(let whisper) = engine { whisper.shutdown() } }
        let showProgress = isatty(STDERR_FILENO) == 1
        var recordings: [SampleEvaluation.Recording] = []
        var totals: [Analysis] = []
        var failures = 0
        for sample in samples {
            do {
                let transcript: Transcript
                if let transcripts, let stored = try sample.storedTranscript(in: transcripts) {
                    transcript = stored
                } else {
                    // One worker for every recording, started on the first that needs it; if it cannot start, none is tried again.
                    if engine == nil { engine = Result { () throws(TranscriptionError) in try WhisperEngine() } }
                    let whisper = try engine!.get()
                    if showProgress { Output.progress("transcribing \(sample.truth.recording)") }
                    transcript = try await Transcriber.transcribe(MediaSource(sample.recordingPath), engine: whisper)
                    if showProgress { Output.progress(nil) }
                }
                let recording = SampleEvaluation.Recording(truth: sample.truth, transcript: transcript)
                recordings.append(recording)
                // The last link of the chain: score every analyzed segment, as `callsift analyze` does.
                let session = try await SessionAnalysis.run(
                    transcript: transcript, request: SessionRequest(sessionID: DeterministicID.make(name: "eval/\(sample.truth.recording)")))
                let scored = Scored(row: recording.row, analyses: session.analyses.compactMap(\.analysis))
                totals.append(contentsOf: scored.analyses)
                if json { Output.json(scored) } else { Output.line(Self.describe(scored)) }
            } catch let error as TranscriptionError {
                if showProgress { Output.progress(nil) }
                failures += 1
                Output.error("\(sample.truth.recording): error \(error.code): \(error.message)")
            } catch {
                failures += 1
                Output.error("\(sample.truth.recording): error: \(error)")
            }
        }
        let report = SampleEvaluation.Report(recordings: recordings)
        let overall = Scored(row: report.overall, analyses: totals)
        if json { Output.json(overall) } else { Output.line(Self.describe(overall)) }
        let floors = SampleEvaluation.Floors()
        let missed = floors.failures(of: report.overall)
        for floor in missed { Output.error("floor not met: \(floor)") }
        if failures > 0 { Output.error("\(failures) of \(samples.count) recording(s) failed") }
        if !missed.isEmpty || failures > 0 { throw ExitCode(ExitStatus.someFailed) }
        if !json { Output.line("floors met: \(floors.summary)") }
    }

    static let columns: [(title: String, width: Int)] = [
        ("recording", 26), ("true/found", 10), ("P", 5), ("R", 5), ("F1", 5), ("Pk", 6), ("kind", 5), ("outcome", 7),
        ("customer", 8), ("analyzed/review/skipped", 23), ("non-sales analyzed", 18), ("scored", 6), ("mean overall", 12),
    ]

    static var header: String { format(columns.map(\.title)) }

    /// A row with the analyses of its analyzed segments: how many, and their mean overall score.
    struct Scored: Encodable {
        let row: SampleEvaluation.Row
        let analyses: [Analysis]

        var meanOverall: Double? {
            analyses.isEmpty ? nil : Double(analyses.reduce(0) { $0 + $1.overallScore }) / Double(analyses.count)
        }

        enum CodingKeys: String, CodingKey {
            case scored
            case meanOverallScore = "mean_overall_score"
        }

        func encode(to encoder: any Encoder) throws {
            try row.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
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
            String(format: "%.3f", row.pk), percent(row.kindAccuracy), percent(row.outcomeAccuracy), percent(row.customerNameAccuracy),
            "\(row.analyzed)/\(row.needsReview)/\(row.skipped)", "\(row.nonSalesAnalyzed)", "\(scored.analyses.count)",
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
