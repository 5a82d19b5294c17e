import Core
import Foundation
import Transcripts

/// The whole chain measured on the generated samples (`callsift eval`): each recording's
/// transcript goes through conversation detection, and the segments are compared with the truth
/// file beside the recording; an overall row pools every recording.
///
/// The steps are separate so that more can go between them: `samples(in:)` finds the truth files,
/// the caller finds or makes each transcript, `Recording(truth:transcript:)` detects and evaluates
/// one recording (it keeps the transcript and the segments, for a later step such as scoring the
/// analyzed ones), and `Report(recordings:)` makes the rows and the pooled overall row.
public enum SampleEvaluation {
    /// One generated sample: its truth file and the recording beside it.
    public struct Sample: Sendable {
        public let truthPath: String
        public let truth: GroundTruth
        /// The recording the truth describes: `truth.recording`, in the truth file's folder.
        public let recordingPath: String

        /// The recording's file name without its extension, as `make run` names its transcript (`NAME.transcript.json`).
        public var name: String { (truth.recording as NSString).deletingPathExtension }

        /// `NAME.transcript.json` in `directory` (as `callsift transcribe -o` writes it), or nil when there is none.
        public func storedTranscript(in directory: String) throws -> Transcript? {
            let path = (directory as NSString).appendingPathComponent("\(name).transcript.json")
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            do {
                return try JSONDecoder().decode(Transcript.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw SamplesError.invalidFile(path: path, reason: String(describing: error))
            }
        }
    }

    public enum SamplesError: CodedError, CustomStringConvertible {
        /// The samples folder does not exist, or is a file.
        case notADirectory(String)
        /// The folder holds no `*.truth.json`.
        case noTruthFiles(String)
        /// A truth file or a stored transcript that cannot be read.
        case invalidFile(path: String, reason: String)

        public var code: String {
            switch self {
            case .notADirectory: "samples_not_a_folder"
            case .noTruthFiles: "samples_without_truth"
            case .invalidFile: "samples_file_unreadable"
            }
        }

        public var message: String {
            switch self {
            case .notADirectory(let path):
                "\(path) is not a folder. Generate the samples with `make samples` (or `python3 samples/generate.py DIR`)."
            case .noTruthFiles(let path):
                "\(path) holds no *.truth.json. Generate the samples with `make samples` (or `python3 samples/generate.py DIR`)."
            case .invalidFile(let path, let reason): "\(path) cannot be read: \(reason)"
            }
        }

        public var details: [String: String] {
            switch self {
            case .notADirectory(let path), .noTruthFiles(let path), .invalidFile(let path, _): ["path": path]
            }
        }

        public var description: String { message }
    }

    /// Every `*.truth.json` in `directory`, sorted by file name, with its recording.
    public static func samples(in directory: String) throws(SamplesError) -> [Sample] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { throw .notADirectory(directory) }
        let truthNames = names.filter { $0.hasSuffix(".truth.json") }.sorted()
        guard !truthNames.isEmpty else { throw .noTruthFiles(directory) }
        return try truthNames.map { (name) throws(SamplesError) -> Sample in
            let path = (directory as NSString).appendingPathComponent(name)
            let truth: GroundTruth
            do { truth = try GroundTruth.load(path: path) } catch {
                throw .invalidFile(path: path, reason: String(describing: error))
            }
            return Sample(
                truthPath: path, truth: truth,
                recordingPath: (directory as NSString).appendingPathComponent(truth.recording))
        }
    }

    /// One recording, detected and evaluated against its truth.
    public struct Recording: Sendable {
        public let truth: GroundTruth
        public let transcript: Transcript
        public var segments: [ConversationSegment]
        public var evaluation: ConversationEvaluation
        /// Who spoke when within each true conversation, against the truth's turns (the
        /// transcript's `speakerTurns` as the hypothesis): whether the rep and the other party are told
        /// apart where it matters. Across conversations a dialer's stereo recording hears every
        /// customer on one channel, so the recording as a whole is not the measure.
        public var diarization: [DiarizationEvaluation]

        /// `segments`: what another detector found (an LLM's); nil runs the built-in detector.
        public init(
            truth: GroundTruth, transcript: Transcript, segments: [ConversationSegment]? = nil,
            options: ConversationDetector.Options = ConversationDetector.Options()
        ) {
            self.truth = truth
            self.transcript = transcript
            self.segments = segments ?? ConversationDetector.detect(transcript, options: options)
            evaluation = ConversationEvaluation(
                detected: self.segments, truth: truth.trueConversations, durationSeconds: truth.durationSeconds)
            let reference = truth.speakerTurns
            let hypothesis = transcript.speakerTurns.map {
                DiarizationEvaluation.Turn(speaker: "\($0.speaker)", start: $0.start, end: $0.end)
            }
            diarization = truth.conversations.map { conversation in
                func clipped(_ turns: [DiarizationEvaluation.Turn]) -> [DiarizationEvaluation.Turn] {
                    turns.compactMap { turn in
                        let start = max(turn.start, conversation.startSeconds)
                        let end = min(turn.end, conversation.endSeconds)
                        return end > start
                            ? DiarizationEvaluation.Turn(speaker: turn.speaker, start: start, end: end) : nil
                    }
                }
                return DiarizationEvaluation(
                    reference: clipped(reference),
                    hypothesis: clipped(hypothesis))
            }
        }

        public var row: Row { Row(recording: truth.recording, pooling: [self]) }
    }

    /// The figures of one recording, or of several pooled (`callsift eval`'s table and JSON lines).
    public struct Row: Sendable, Encodable {
        /// The recording's file name, or `overall`.
        public var recording: String
        public var durationSeconds: Double
        public var trueConversations: Int
        /// Detected conversations, of any status: segments but fragments and automated lines.
        public var foundConversations: Int
        public var matchedBoundaries: Int
        public var detectedBoundaries: Int
        public var trueBoundaries: Int
        /// Boundaries at ±5 s: matched / detected, matched / true, and their harmonic mean.
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Pk; pooled, the mean of the recordings' weighted by their duration.
        public var pk: Double
        public var kindMatches: Int
        /// nil when there is no true conversation.
        public var kindAccuracy: Double?
        public var salesConversations: Int
        public var outcomeMatches: Int
        /// nil when there is no true sales conversation (also `customerNameAccuracy`).
        public var outcomeAccuracy: Double?
        public var customerNameMatches: Int
        public var customerNameAccuracy: Double?
        /// Detected segments by status.
        public var analyzed: Int
        public var needsReview: Int
        public var skipped: Int
        /// Analyzed segments that are not true sales conversations.
        public var nonSalesAnalyzed: Int
        /// True sales conversations no sales segment covers by half.
        public var missedSalesConversations: Int
        /// The share of the speech the voice-activity detector heard that carries words; pooled,
        /// weighted by speech seconds; nil when no recording has voice activity.
        public var speechCoverage: Double?
        /// Seconds of speech left without words (`Transcript.unheard`).
        public var unheardSeconds: Double
        /// Diarization error rate within the true conversations; pooled, weighted by the reference speech.
        public var der: Double
        /// Its confusion part (the wrong speaker), separately.
        public var speakerConfusion: Double

        /// Pools `recordings`: boundary counts, conversation counts and matches are summed, Pk is
        /// averaged weighted by duration (plainly when every duration is 0).
        public init(recording: String, pooling recordings: [Recording]) {
            let evaluations = recordings.map(\.evaluation)
            let segments = recordings.flatMap(\.segments)
            func sum(_ value: (ConversationEvaluation) -> Int) -> Int { evaluations.reduce(0) { $0 + value($1) } }
            self.recording = recording
            durationSeconds = evaluations.reduce(0) { $0 + $1.durationSeconds }
            trueConversations = sum(\.trueConversationCount)
            foundConversations = segments.filter(\.kind.isConversation).count
            matchedBoundaries = sum(\.matchedBoundaries)
            detectedBoundaries = sum(\.detectedBoundaries)
            trueBoundaries = sum(\.trueBoundaries)
            (precision, recall, f1) = ConversationEvaluation.boundaryScores(
                matched: matchedBoundaries, detected: detectedBoundaries, true: trueBoundaries)
            if durationSeconds > 0 {
                pk = evaluations.reduce(0) { $0 + $1.pk * $1.durationSeconds } / durationSeconds
            } else {
                pk = evaluations.isEmpty ? 0 : evaluations.reduce(0) { $0 + $1.pk } / Double(evaluations.count)
            }
            kindMatches = sum(\.kindMatches)
            kindAccuracy =
                trueConversations == 0 ? nil : ConversationEvaluation.accuracy(kindMatches, of: trueConversations)
            salesConversations = sum(\.salesConversationCount)
            outcomeMatches = sum(\.outcomeMatches)
            customerNameMatches = sum(\.customerNameMatches)
            outcomeAccuracy =
                salesConversations == 0 ? nil : ConversationEvaluation.accuracy(outcomeMatches, of: salesConversations)
            customerNameAccuracy =
                salesConversations == 0
                ? nil : ConversationEvaluation.accuracy(customerNameMatches, of: salesConversations)
            analyzed = segments.filter { $0.status == .analyzed }.count
            needsReview = segments.filter { $0.status == .needsReview }.count
            skipped = segments.filter { $0.status == .skipped }.count
            nonSalesAnalyzed = sum(\.nonSalesAnalyzed)
            missedSalesConversations = sum(\.missedSalesConversations)
            let covered = recordings.compactMap { recording in
                recording.transcript.speechCoverage.map { ($0, recording.transcript.voiceActivity?.speechSeconds ?? 0) }
            }
            let speech = covered.reduce(0) { $0 + $1.1 }
            speechCoverage =
                covered.isEmpty
                ? nil : speech > 0 ? covered.reduce(0) { $0 + $1.0 * $1.1 } / speech : covered.map(\.0).min()
            unheardSeconds = recordings.reduce(0) { total, recording in
                total + recording.transcript.unheard.reduce(0) { $0 + $1.end - $1.start }
            }
            let parts = recordings.flatMap(\.diarization)
            let reference = parts.reduce(0) { $0 + $1.referenceSeconds }
            der = reference > 0 ? parts.reduce(0) { $0 + $1.der * $1.referenceSeconds } / reference : 0
            speakerConfusion =
                reference > 0 ? parts.reduce(0) { $0 + $1.confusion * $1.referenceSeconds } / reference : 0
        }

        enum CodingKeys: String, CodingKey {
            case recording, precision, recall, f1, pk, analyzed, skipped
            case durationSeconds = "duration_seconds"
            case trueConversations = "true_conversations"
            case foundConversations = "found_conversations"
            case matchedBoundaries = "matched_boundaries"
            case detectedBoundaries = "detected_boundaries"
            case trueBoundaries = "true_boundaries"
            case kindMatches = "kind_matches"
            case kindAccuracy = "kind_accuracy"
            case salesConversations = "sales_conversations"
            case outcomeMatches = "outcome_matches"
            case outcomeAccuracy = "outcome_accuracy"
            case customerNameMatches = "customer_name_matches"
            case customerNameAccuracy = "customer_name_accuracy"
            case needsReview = "needs_review"
            case nonSalesAnalyzed = "non_sales_analyzed"
            case missedSalesConversations = "missed_sales_conversations"
            case speechCoverage = "speech_coverage"
            case unheardSeconds = "unheard_seconds"
            case der
            case speakerConfusion = "speaker_confusion"
        }

        /// Every key always present: an accuracy with nothing to measure is `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(recording, forKey: .recording)
            try c.encode(durationSeconds, forKey: .durationSeconds)
            try c.encode(trueConversations, forKey: .trueConversations)
            try c.encode(foundConversations, forKey: .foundConversations)
            try c.encode(matchedBoundaries, forKey: .matchedBoundaries)
            try c.encode(detectedBoundaries, forKey: .detectedBoundaries)
            try c.encode(trueBoundaries, forKey: .trueBoundaries)
            try c.encode(precision, forKey: .precision)
            try c.encode(recall, forKey: .recall)
            try c.encode(f1, forKey: .f1)
            try c.encode(pk, forKey: .pk)
            try c.encode(kindMatches, forKey: .kindMatches)
            try c.encode(kindAccuracy, forKey: .kindAccuracy)
            try c.encode(salesConversations, forKey: .salesConversations)
            try c.encode(outcomeMatches, forKey: .outcomeMatches)
            try c.encode(outcomeAccuracy, forKey: .outcomeAccuracy)
            try c.encode(customerNameMatches, forKey: .customerNameMatches)
            try c.encode(customerNameAccuracy, forKey: .customerNameAccuracy)
            try c.encode(analyzed, forKey: .analyzed)
            try c.encode(needsReview, forKey: .needsReview)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(nonSalesAnalyzed, forKey: .nonSalesAnalyzed)
            try c.encode(missedSalesConversations, forKey: .missedSalesConversations)
            try c.encode(speechCoverage, forKey: .speechCoverage)
            try c.encode(unheardSeconds, forKey: .unheardSeconds)
            try c.encode(der, forKey: .der)
            try c.encode(speakerConfusion, forKey: .speakerConfusion)
        }
    }

    /// Every recording's row, and the overall row pooling them all.
    public struct Report: Sendable {
        public var recordings: [Recording]
        public var rows: [Row]
        public var overall: Row

        public init(recordings: [Recording]) {
            self.recordings = recordings
            rows = recordings.map(\.row)
            overall = Row(recording: "overall", pooling: recordings)
        }
    }

    /// What the overall row of an evaluation set must reach: the back-to-back calls split
    /// (boundary F1), no sales call lost from the output, nothing but sales calls analyzed, the
    /// outcomes right, and the speech carried by words.
    public struct Floors: Sendable {
        public var minimumF1: Double
        public var maximumMissedSales: Int
        public var maximumNonSalesAnalyzed: Int
        public var minimumOutcomeAccuracy: Double
        public var minimumSpeechCoverage: Double

        public init(
            minimumF1: Double = 0.95, maximumMissedSales: Int = 0, maximumNonSalesAnalyzed: Int = 0,
            minimumOutcomeAccuracy: Double = 0.85,
            minimumSpeechCoverage: Double = 0.98
        ) {
            self.minimumF1 = minimumF1
            self.maximumMissedSales = maximumMissedSales
            self.maximumNonSalesAnalyzed = maximumNonSalesAnalyzed
            self.minimumOutcomeAccuracy = minimumOutcomeAccuracy
            self.minimumSpeechCoverage = minimumSpeechCoverage
        }

        /// "boundary F1 ≥ 0.95, no sales call missed, no non-sales segment analyzed, outcome accuracy ≥ 85%, speech coverage ≥ 98%".
        public var summary: String {
            String(format: "boundary F1 ≥ %.2f, ", minimumF1)
                + (maximumMissedSales == 0
                    ? "no sales call missed" : "at most \(maximumMissedSales) sales call(s) missed") + ", "
                + (maximumNonSalesAnalyzed == 0
                    ? "no non-sales segment analyzed"
                    : "at most \(maximumNonSalesAnalyzed) non-sales segment(s) analyzed")
                + String(
                    format: ", outcome accuracy ≥ %.0f%%, speech coverage ≥ %.0f%%", minimumOutcomeAccuracy * 100,
                    minimumSpeechCoverage * 100)
        }

        /// The floors `row` misses, each as a sentence; empty when it meets them all.
        public func failures(of row: Row) -> [String] {
            var failures: [String] = []
            if row.f1 < minimumF1 {
                failures.append(String(format: "boundary F1 %.3f is below %.2f", row.f1, minimumF1))
            }
            if row.missedSalesConversations > maximumMissedSales {
                failures.append("\(row.missedSalesConversations) sales call(s) missed (at most \(maximumMissedSales))")
            }
            if row.nonSalesAnalyzed > maximumNonSalesAnalyzed {
                failures.append(
                    "\(row.nonSalesAnalyzed) non-sales segment(s) analyzed (at most \(maximumNonSalesAnalyzed))")
            }
            if let outcome = row.outcomeAccuracy, outcome < minimumOutcomeAccuracy {
                failures.append(
                    String(
                        format: "outcome accuracy %.0f%% is below %.0f%%", outcome * 100, minimumOutcomeAccuracy * 100))
            }
            if let coverage = row.speechCoverage, coverage < minimumSpeechCoverage {
                failures.append(
                    String(
                        format: "speech coverage %.1f%% is below %.0f%%", coverage * 100, minimumSpeechCoverage * 100))
            }
            return failures
        }
    }
}
