import Foundation
import Testing
import Transcripts

@testable import Transcription

/// Voice activity, speech coverage and the second looks, on scripted engine answers: the rules
/// that decide whether speech disappears from a transcript.
struct SpeechCoverageTests {
    static func word(_ text: String, _ start: Double, _ end: Double) -> Word {
        Word(word: text, punctuatedWord: text, start: start, end: end, confidence: 0.9)
    }

    @Test func spansSubtractAndJoin() {
        let speech = [TimeSpan(start: 0, end: 10), TimeSpan(start: 20, end: 30)]
        let holes = [
            TimeSpan(start: -1, end: 2), TimeSpan(start: 5, end: 6), TimeSpan(start: 9, end: 21),
            TimeSpan(start: 29, end: 31),
        ]
        #expect(
            TimeSpan.subtract(holes, from: speech) == [
                TimeSpan(start: 2, end: 5), TimeSpan(start: 6, end: 9), TimeSpan(start: 21, end: 29),
            ])
        #expect(
            TimeSpan.union([TimeSpan(start: 5, end: 7), TimeSpan(start: 0, end: 2), TimeSpan(start: 1, end: 5.5)]) == [
                TimeSpan(start: 0, end: 7)
            ])
    }

    @Test func aPauseIsTheSilenceTheDetectorHeardNotTheGapBetweenWords() {
        // Regions widened by 0.4 s on each side, as faster-whisper's VAD reports them.
        let activity = VoiceActivity(
            method: "silero-vad", padSeconds: 0.4,
            regions: [
                TimeSpan(start: 9.6, end: 40.4), TimeSpan(start: 52.6, end: 60.4),
            ])
        // Words end at 12 and resume at 38 over continuous speech: no pause at all.
        #expect(activity.longestSilence(from: 12, to: 38) == 0)
        // From 40 to 53: the 12.2 s gap between regions is a 13 s silence.
        #expect(abs(activity.longestSilence(from: 40, to: 53) - 13) < 1e-9)
        // Past the last region the gap runs to the next word.
        #expect(abs(activity.longestSilence(from: 60, to: 70) - 9.6) < 1e-9)
    }

    @Test func coverageCountsSpeechNearWordsAndWordlessStretchesAreFound() throws {
        let activity = VoiceActivity(method: "silero-vad", padSeconds: 0.4, regions: [TimeSpan(start: 0, end: 20)])
        let words = [Self.word("hello", 0.5, 1), Self.word("there", 1.2, 1.6), Self.word("again", 15, 15.5)]
        // Within a second of a word: 0–2.6 and 14–16.5, 5.1 s of 20.
        let ratio = try #require(SpeechCoverage.ratio(words, activity: activity))
        #expect(abs(ratio - 5.1 / 20) < 1e-9)
        #expect(
            SpeechCoverage.wordless(activity.regions, words: words, minimumSeconds: 2) == [
                TimeSpan(start: 1.6, end: 15), TimeSpan(start: 15.5, end: 20),
            ])
        #expect(SpeechCoverage.ratio([], activity: VoiceActivity(method: "x", padSeconds: 0, regions: [])) == nil)
    }

    @Test func energyFindsLoudStretchesAboveTheBackground() {
        var samples = [Float](repeating: 0.001, count: 16_000 * 10)
        for index in (16_000 * 2)..<(16_000 * 4) { samples[index] = index % 40 < 20 ? 0.1 : -0.1 }
        for index in (16_000 * 6)..<(16_000 * 6 + 1_600) { samples[index] = 0.2 }  // 0.1 s: too short
        let regions = EnergyActivity.regions(samples[...])
        #expect(regions.count == 1)
        #expect(abs(regions[0].start - 2) < 0.02 && abs(regions[0].end - 4) < 0.02)
    }
}

/// Who spoke when: speech regions labelled by their words' speakers.
struct SpeakerTurnTests {
    static func word(_ speaker: Int, _ start: Double) -> Word {
        Word(
            word: "word", punctuatedWord: "word", start: start, end: start + 0.4, confidence: 1, speaker: speaker,
            channel: 0)
    }

    @Test func speechRegionsAreCutBetweenSpeakersAndRegionsWithoutWordsLeftOut() {
        let words = [Self.word(0, 1), Self.word(0, 1.6), Self.word(1, 3), Self.word(1, 3.6), Self.word(0, 9)]
        var transcript = TranscriptAssembler.assemble(
            imported: ImportedTranscript(
                format: "test", words: words, utterances: nil, channels: 1, durationSeconds: 12, language: "en",
                model: nil),
            engine: "test", durationSeconds: 12, skipDiarization: false)
        // Without voice activity: the utterances.
        #expect(transcript.speakerTurns.map(\.speaker) == transcript.utterances.map { $0.speaker ?? 0 })
        transcript.voiceActivity = VoiceActivity(
            method: "test", padSeconds: 0.4,
            regions: [TimeSpan(start: 0.6, end: 4.4), TimeSpan(start: 6, end: 7), TimeSpan(start: 8.6, end: 9.8)])
        #expect(
            transcript.speakerTurns == [
                SpeakerTurn(speaker: 0, start: 0.6, end: 2.5), SpeakerTurn(speaker: 1, start: 2.5, end: 4.4),
                SpeakerTurn(speaker: 0, start: 8.6, end: 9.8),
            ])
    }
}
