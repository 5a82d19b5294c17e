import Conversations
import Foundation
import TestSupport
import Testing

/// Pooling recordings into `callsift eval`'s overall row, on perfect transcripts (no speech engine).
@Suite struct SampleEvaluationTests {
    @Test func theOverallRowPoolsCountsAndWeighsPkByDuration() throws {
        let directory = try SampleTruth.directory.get()
        let samples = try SampleEvaluation.samples(in: directory)
        #expect(samples.map(\.truthPath) == samples.map(\.truthPath).sorted())
        let chosen = samples.filter {
            ["workday-stereo.flac", "discovery-call.mp3", "voicemail.mp3"].contains($0.truth.recording)
        }
        #expect(chosen.count == 3)
        let report = SampleEvaluation.Report(
            recordings: chosen.map {
                SampleEvaluation.Recording(truth: $0.truth, transcript: DetectorTests.perfectTranscript($0.truth))
            })
        let rows = report.rows
        let overall = report.overall
        #expect(overall.recording == "overall")
        #expect(overall.trueConversations == 9)
        #expect(overall.trueBoundaries == 18)
        #expect(overall.matchedBoundaries == rows.reduce(0) { $0 + $1.matchedBoundaries })
        #expect(overall.detectedBoundaries == 2 * overall.foundConversations)
        #expect(overall.analyzed + overall.needsReview + overall.skipped == overall.foundConversations)
        #expect(overall.salesConversations == 6)
        #expect(overall.outcomeMatches == rows.reduce(0) { $0 + $1.outcomeMatches })
        let weighted = rows.reduce(0) { $0 + $1.pk * $1.durationSeconds } / rows.reduce(0) { $0 + $1.durationSeconds }
        #expect(abs(overall.pk - weighted) < 1e-12)
        #expect(
            SampleEvaluation.Floors().failures(of: overall).isEmpty,
            "\(SampleEvaluation.Floors().failures(of: overall))")
        // The voicemail has no sales conversation: its outcome and name accuracies are unknown, not 100%.
        let voicemail = try #require(rows.first { $0.recording == "voicemail.mp3" })
        #expect(voicemail.outcomeAccuracy == nil)
        #expect(voicemail.customerNameAccuracy == nil)
    }

    @Test func floorsNameWhatFailed() throws {
        let truth = try SampleTruth.load("discovery-call")
        var recording = SampleEvaluation.Recording(truth: truth, transcript: DetectorTests.perfectTranscript(truth))
        recording.segments = []
        recording.evaluation = ConversationEvaluation(
            detected: [], truth: truth.trueConversations, durationSeconds: truth.durationSeconds)
        let failures = SampleEvaluation.Floors().failures(of: SampleEvaluation.Report(recordings: [recording]).overall)
        #expect(failures.count == 3, "\(failures)")
        #expect(failures.contains { $0.contains("boundary F1") })
        #expect(failures.contains { $0.contains("1 sales call(s) missed") })
        #expect(failures.contains { $0.contains("outcome accuracy") })
    }

    @Test func segmentsThatAreNotConversationsHaveNoBoundaries() throws {
        let truth = try SampleTruth.load("discovery-call")
        let segments = ConversationDetector.detect(DetectorTests.perfectTranscript(truth))
        let alone = ConversationEvaluation(
            detected: segments, truth: truth.trueConversations, durationSeconds: truth.durationSeconds)
        var menu = try #require(segments.first)
        (menu.kind, menu.startSeconds, menu.endSeconds) = (
            .automated, truth.durationSeconds + 10, truth.durationSeconds + 40
        )
        var blip = menu
        (blip.kind, blip.startSeconds, blip.endSeconds) = (
            .fragment, truth.durationSeconds + 50, truth.durationSeconds + 52
        )
        let listed = ConversationEvaluation(
            detected: segments + [menu, blip], truth: truth.trueConversations,
            durationSeconds: truth.durationSeconds + 60)
        #expect(listed.precision == alone.precision && listed.detectedBoundaries == alone.detectedBoundaries)
        var call = menu
        call.kind = .internal
        let counted = ConversationEvaluation(
            detected: segments + [call], truth: truth.trueConversations, durationSeconds: truth.durationSeconds + 60)
        #expect(counted.precision < alone.precision)
    }

    @Test func nothingTrueAndNothingFoundIsPerfect() {
        let evaluation = ConversationEvaluation(detected: [], truth: [], durationSeconds: 60)
        #expect(evaluation.precision == 1 && evaluation.recall == 1 && evaluation.f1 == 1)
    }
}
