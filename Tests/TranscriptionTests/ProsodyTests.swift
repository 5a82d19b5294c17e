import Foundation
import Media
import TestSupport
import Testing
import Transcription

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
