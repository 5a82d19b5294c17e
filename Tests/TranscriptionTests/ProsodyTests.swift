import Foundation
import Media
import TestSupport
import Testing
import Transcription
import Transcripts

/// The rep's pitch, measured from audio with a known answer: steady and gliding tones, then speech.
@Suite struct ProsodyTests {
    static func tone(_ name: String, _ synth: [String]) throws -> String {
        let path = try temporaryDirectory("prosody") + "/\(name).wav"
        try Tool.run(["sox", "-n", "-r", "16000", "-c", "1", path, "synth"] + synth)
        return path
    }

    @Test func aSteadyToneIsFlatAndAGlideIsNot() throws {
        let steady = try Self.tone("steady", ["4", "sine", "150"])
        // A linear glide from 100 to 300 Hz: the measured 3 s run from 125 to 275 Hz, 13.7 semitones
        // apart, whose spread (standard deviation) is about 3.8 semitones.
        let glide = try Self.tone("glide", ["4", "sine", "100:300"])
        let spans = [ProsodyMeter.Span(start: 0.5, end: 3.5, conversation: 0)]
        let flat = try #require(try ProsodyMeter.measure(MediaSource(steady), spans: spans, channel: nil)[0])
        let moving = try #require(try ProsodyMeter.measure(MediaSource(glide), spans: spans, channel: nil)[0])
        #expect(abs(flat.medianPitchHz - 150) < 3)
        #expect(flat.pitchVariationSemitones < 0.2)
        #expect(moving.pitchVariationSemitones > 3.3 && moving.pitchVariationSemitones < 4.3, "\(moving)")
        #expect(moving.voicedSeconds > 2.5)
    }

    @Test func eachConversationGetsItsOwnFigureAndSilenceGetsNone() throws {
        let path = try temporaryDirectory("prosody") + "/two.wav"
        // 2 s at 120 Hz, 2 s of silence, 2 s at 240 Hz.
        try Tool.run([
            "sox", "-n", "-r", "16000", "-c", "1", path, "synth", "2", "sine", "120", ":", "synth", "2", "sine", "0",
            "vol", "0", ":", "synth", "2",
            "sine", "240",
        ])
        let spans = [
            ProsodyMeter.Span(start: 0.2, end: 1.8, conversation: 0),
            ProsodyMeter.Span(start: 2.2, end: 3.8, conversation: 1),
            ProsodyMeter.Span(start: 4.2, end: 5.8, conversation: 2),
        ]
        let measured = try ProsodyMeter.measure(MediaSource(path), spans: spans, channel: nil)
        #expect(measured.count == 3)
        #expect(abs((measured[0]?.medianPitchHz ?? 0) - 120) < 3)
        #expect(measured[1] == nil)
        #expect(abs((measured[2]?.medianPitchHz ?? 0) - 240) < 5)
    }

    @Test func theRepsChannelIsMeasuredAlone() throws {
        let path = try temporaryDirectory("prosody") + "/stereo.wav"
        // Left (the rep) 100 Hz, right (the customer) 300 Hz, at the same time.
        try Tool.run(["sox", "-n", "-r", "16000", "-c", "2", path, "synth", "3", "sine", "100", "sine", "300"])
        let spans = [ProsodyMeter.Span(start: 0.5, end: 2.5, conversation: 0)]
        let left = try #require(try ProsodyMeter.measure(MediaSource(path), spans: spans, channel: 0)[0])
        let right = try #require(try ProsodyMeter.measure(MediaSource(path), spans: spans, channel: 1)[0])
        #expect(abs(left.medianPitchHz - 100) < 3)
        #expect(abs(right.medianPitchHz - 300) < 6)
    }
}

/// Each utterance's own prosody and the cues of its words (`UtteranceCues`), with known answers.
@Suite struct UtteranceSignalsTests {
    static func utterance(_ speaker: Int, _ start: Double, _ end: Double, _ text: String, channel: Int? = nil)
        -> Utterance
    {
        let tokens = text.split(separator: " ")
        let step = (end - start) / Double(max(tokens.count, 1))
        let words = tokens.enumerated().map { index, token in
            Word(
                word: token.lowercased().filter { $0.isLetter || $0 == "'" }, punctuatedWord: String(token),
                start: start + Double(index) * step, end: start + Double(index + 1) * step, confidence: 0.9,
                speaker: speaker, channel: channel)
        }
        return Utterance(
            start: start, end: end, speaker: speaker, channel: channel, transcript: text, confidence: 0.9, words: words)
    }

    static func transcript(_ utterances: [Utterance], diarization: String = "voices") -> Transcript {
        Transcript(
            words: utterances.flatMap(\.words), utterances: utterances, durationSeconds: utterances.last?.end ?? 0,
            channels: 1, speakers: [], engine: "test", model: nil, diarization: diarization, language: "en",
            text: utterances.map(\.transcript).joined(separator: " "), wordCount: utterances.flatMap(\.words).count,
            overallSentiment: .neutral, sentimentScore: 0)
    }

    @Test func eachUtteranceIsMeasuredFromItsOwnAudio() throws {
        // 2 s at 120 Hz (at half amplitude), 1 s of silence, 2 s at 240 Hz, 2 s gliding 100→300 Hz.
        let path = try temporaryDirectory("prosody") + "/three.wav"
        try Tool.run([
            "sox", "-n", "-r", "16000", "-c", "1", path, "synth", "2", "sine", "120", "vol", "0.5", ":", "synth", "1",
            "sine", "0", "vol", "0", ":", "synth", "2", "sine", "240", ":", "synth", "2", "sine", "100:300",
        ])
        let transcript = Self.transcript(
            [
                Self.utterance(0, 0.1, 1.9, "Hi Sam how are you today"),
                Self.utterance(1, 3.1, 4.9, "Fine thanks what is this about"),
                Self.utterance(0, 5.1, 6.9, "A quick question about phones"),
                Self.utterance(1, 2.2, 2.8, "Hm"),
            ].sorted { $0.start < $1.start })
        let measured = try ProsodyMeter.utterances(MediaSource(path), transcript: transcript)
        #expect(measured.count == 4)
        let low = try #require(measured[0])
        let silent = measured[1]
        let high = try #require(measured[2])
        let glide = try #require(measured[3])
        #expect(abs((low.medianPitchHz ?? 0) - 120) < 3 && abs((high.medianPitchHz ?? 0) - 240) < 5)
        #expect(silent == nil, "silence has nothing to measure")
        // The level difference as sox itself measures the two stretches (RMS amplitude).
        func rms(_ start: Double, _ length: Double) throws -> Double {
            let stat = try Tool.run(["sox", path, "-n", "trim", "\(start)", "\(length)", "stat"]).stderr
            let line = try #require(stat.split(separator: "\n").first { $0.hasPrefix("RMS     amplitude") })
            return try #require(Double(line.split(separator: " ").last ?? ""))
        }
        let expected = 20 * log10(try rms(3.1, 1.8) / rms(0.1, 1.8))
        #expect(expected > 2, "the second tone is louder")
        #expect(abs((high.energyDB - low.energyDB) - expected) < 0.5, "\(expected) dB: \(low) \(high)")
        #expect((low.pitchRangeSemitones ?? 99) < 0.3, "a steady tone")
        // 10th to 90th percentile of a linear 100→300 Hz glide measured over 5.1–6.9 s: about 11 semitones.
        #expect((glide.pitchRangeSemitones ?? 0) > 9 && (glide.pitchRangeSemitones ?? 0) < 13, "\(glide)")
    }

    @Test func aChannelSplitTranscriptMeasuresEachUtteranceOnItsOwnChannel() throws {
        let path = try temporaryDirectory("prosody") + "/stereo.wav"
        // Left 100 Hz, right 300 Hz, both for 3 s.
        try Tool.run(["sox", "-n", "-r", "16000", "-c", "2", path, "synth", "3", "sine", "100", "sine", "300"])
        let transcript = Self.transcript(
            [
                Self.utterance(0, 0.2, 1.4, "Left side speaking", channel: 0),
                Self.utterance(1, 1.6, 2.8, "Right side speaking", channel: 1),
            ], diarization: Diarizer.Method.channels.rawValue)
        let measured = try ProsodyMeter.utterances(MediaSource(path), transcript: transcript)
        #expect(abs((measured[0]?.medianPitchHz ?? 0) - 100) < 3)
        #expect(abs((measured[1]?.medianPitchHz ?? 0) - 300) < 6)
    }

    @Test func theWordsCueEmotionCommitmentAndHesitation() throws {
        let lines = [
            (0, 0.0, 3.0, "Thanks for taking my call. How are things going?"),
            (1, 3.5, 7.0, "Honestly it is a mess and frankly I am fed up."),
            (0, 7.2, 10.0, "Um I I mean we could, uh, fix that this week."),
            (1, 11.0, 13.0, "Let me think about it and get back to you."),
            (1, 13.1, 15.0, "Actually that works. Send it over."),
            (1, 15.2, 17.0, "My concern is the contract, I am worried about the risk."),
        ]
        let plain = Self.transcript(lines.map { Self.utterance($0.0, $0.1, $0.2, $0.3) })
        let annotated = UtteranceCues.annotate(plain)
        let signals = annotated.utterances.compactMap(\.signals)
        #expect(signals.count == lines.count)
        #expect(signals.map(\.emotion.label) == ["neutral", "frustration", "neutral", "neutral", "neutral", "worry"])
        #expect(signals[1].emotion.cues == ["mess", "fed up"] && signals[1].emotion.score == 0.7)
        #expect(signals[5].emotion.cues.count == 3 && signals[5].emotion.score == 0.85, "capped")
        #expect(signals.allSatisfy { $0.emotion.method == "lexicon" && $0.emotion.arousal == nil && $0.prosody == nil })
        #expect(signals.map(\.commitment.level) == ["none", "none", "none", "hedges", "commits", "none"])
        #expect(signals[4].commitment.cues == ["send it over", "that works"])
        #expect(signals[2].hesitation.fillers == 3 && signals[2].hesitation.restarts == 1, "um, uh, I mean; I I")
        #expect(signals[0].pauseBeforeSeconds == 0 && signals[1].pauseBeforeSeconds == 0.5)
        #expect(signals[3].pauseBeforeSeconds == 1 && signals[4].pauseBeforeSeconds == 0.1)
        #expect(signals[0].speakingRateWPM == Int((9.0 / 3.0 * 60).rounded()))
        #expect(
            Set(annotated.signalMethods?.keys.map { $0 } ?? []) == ["lexicon", "phrases", "fillers+restarts"],
            "the methods used, spelled out once")

        // In transcript.json and back, unchanged; a transcript written before signals reads with none.
        let data = try JSONEncoder().encode(annotated)
        #expect(try JSONDecoder().decode(Transcript.self, from: data) == annotated)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains(#""pause_before_seconds":0.5"#) && json.contains(#""signal_methods""#))
        let old = try JSONDecoder().decode(Transcript.self, from: JSONEncoder().encode(plain))
        #expect(old.utterances.allSatisfy { $0.signals == nil } && old.signalMethods == nil)
    }

    @Test func aLouderWiderUtteranceHasHighArousalAgainstItsSpeakersOwn() {
        let lines = (0..<5).map { Self.utterance(0, Double($0) * 3, Double($0) * 3 + 2, "We can set that up today") }
        let voices = (0..<5).map {
            UtteranceProsody(
                medianPitchHz: 110, pitchRangeSemitones: $0 == 4 ? 8 : 3, energyDB: $0 == 4 ? -18 : -25,
                voicedSeconds: 1.5)
        }
        let annotated = UtteranceCues.annotate(Self.transcript(lines), prosody: voices)
        let emotions = annotated.utterances.compactMap(\.signals?.emotion)
        #expect(emotions.map(\.arousal) == ["normal", "normal", "normal", "normal", "high"])
        #expect(emotions.allSatisfy { $0.method == "lexicon+arousal" && $0.label == "neutral" })
        #expect(emotions[4].score == 0.4 && emotions[0].score == 0.6)
        #expect(annotated.signalMethods?["yin"] != nil && annotated.signalMethods?["lexicon"] == nil)
    }
}
