import Foundation
import Media
import TestSupport
import Testing
import Transcription

/// Voice features and speaker clustering on real speech: espeak-ng voices of different pitch and
/// timbre, resampled to 16 kHz by sox and decoded by `AudioDecoder`, as a mono call would be.
@Suite struct VoiceTests {
    static let sampleRate = 16_000

    /// Lines of a sales call, 1 to 4 seconds each when spoken.
    static let sentences = [
        "Hello, this is Alex from Northwind.",
        "Hi Alex, what can I do for you?",
        "Do you have a minute to talk about your phone bill?",
        "Sure, but I only have a few minutes.",
        "We can cut your monthly cost by about twenty percent.",
        "That sounds interesting. How does it work?",
        "You keep your number and we move the contract for you.",
        "Is there a fee for cancelling my current plan?",
        "No, we cover that fee in the first month.",
        "What about international calls to Canada?",
        "They are included at no extra charge.",
        "Okay. Can you send me the details by email?",
        "Of course. Which address should I use?",
        "Please use the one on my account.",
        "Great, I will send it this afternoon.",
        "Thanks. I will read it tonight and call you back.",
        "Would Thursday morning suit you for a follow up?",
        "Thursday works, around ten o'clock.",
        "Perfect, I have put it in the calendar.",
        "Thank you for your time today.",
    ]

    /// Speech of `voice` saying `text`, at 16 kHz mono.
    static func speak(_ text: String, voice: String, in directory: String) throws -> [Float] {
        let name = "\(directory)/\(UUID().uuidString.prefix(8))"
        try Tool.run(["espeak-ng", "-v", voice, "-w", "\(name)-raw.wav", text])
        try Tool.run(["sox", "\(name)-raw.wav", "-r", "\(sampleRate)", "-c", "1", "-b", "16", "\(name).wav"])
        let decoder = try AudioDecoder(MediaSource("\(name).wav"), options: DecodeOptions())
        var samples: [Float] = []
        while let chunk = try decoder.next() { samples += chunk.channels[0] }
        return samples
    }

    /// A mono conversation: the turns one after another, 0.3 s of faint noise between them (and
    /// under them, at -60 dBFS). Returns the whole recording and each turn's sample range.
    static func conversation(_ turns: [(voice: String, text: String)]) throws -> (samples: [Float], turns: [Range<Int>])
    {
        let directory = try temporaryDirectory("voices")
        var generator = SystemRandomNumberGenerator()
        func noise() -> Float { Float.random(in: -0.001...0.001, using: &generator) }
        var samples: [Float] = []
        var ranges: [Range<Int>] = []
        for turn in turns {
            samples += (0..<sampleRate * 3 / 10).map { _ in noise() }
            let speech = try speak(turn.text, voice: turn.voice, in: directory)
            ranges.append(samples.count..<samples.count + speech.count)
            samples += speech.map { $0 * 0.8 + noise() }
        }
        return (samples, ranges)
    }

    /// Share of turns whose label matches the truth under the best one-to-one renaming of labels.
    static func accuracy(_ labels: [Int], truth: [Int]) -> Double {
        let size = max(labels.max() ?? 0, truth.max() ?? 0) + 1
        func best(_ assigned: [Int]) -> Int {
            guard assigned.count < size else {
                return zip(labels, truth).filter { assigned[$0.0] == $0.1 }.count
            }
            return (0..<size).filter { !assigned.contains($0) }.map { best(assigned + [$0]) }.max() ?? 0
        }
        return Double(best([])) / Double(labels.count)
    }

    /// Extracts every turn and clusters them; prints what was found, for the record.
    static func diarize(_ turns: [(voice: String, text: String)], label: String) throws -> (labels: [Int], truth: [Int])
    {
        let (samples, ranges) = try conversation(turns)
        let features = ranges.map { VoiceFeatures.extract(samples[$0]) }
        #expect(features.allSatisfy { $0 != nil }, "every turn has features")
        let durations = ranges.map { Double($0.count) / Double(sampleRate) }
        let labels = SpeakerClustering.cluster(features.compactMap { $0 }, weights: durations)
        let voices = turns.map(\.voice).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let truth = turns.map { voices.firstIndex(of: $0.voice)! }
        let pitches = features.map { $0?.medianPitchHz.map { String(Int($0.rounded())) } ?? "-" }
        print(
            """
            VoiceTests \(label): \(Set(labels).count) speakers found, \
            accuracy \(String(format: "%.1f", 100 * accuracy(labels, truth: truth))) %, \
            turns \(String(format: "%.1f", durations.min() ?? 0))–\(String(format: "%.1f", durations.max() ?? 0)) s, \
            median pitch \(pitches.joined(separator: " ")) Hz, labels \(labels)
            """)
        return (labels, truth)
    }

    static func sine(hz: Double, seconds: Double) -> [Float] {
        (0..<Int(seconds * Double(sampleRate))).map {
            Float(0.5 * sin(2 * Double.pi * hz * Double($0) / Double(sampleRate)))
        }
    }

    @Test(arguments: [120.0, 220.0])
    func pitchOfASineIsWithinThreePercent(hz: Double) throws {
        let features = try #require(VoiceFeatures.extract(Self.sine(hz: hz, seconds: 1)[...]))
        let pitch = try #require(features.medianPitchHz)
        #expect(abs(pitch - hz) / hz < 0.03, "\(pitch) Hz for \(hz) Hz")
        #expect(features.voicedFraction > 0.8)
        #expect(features.vector.count == VoiceFeatures.dimensions)
        print("VoiceTests sine \(Int(hz)) Hz: \(String(format: "%.2f", pitch)) Hz")
    }

    @Test func silenceShortTurnsAndNoiseHaveNoVoice() {
        #expect(VoiceFeatures.extract([Float](repeating: 0, count: Self.sampleRate)[...]) == nil)
        #expect(VoiceFeatures.extract(Self.sine(hz: 150, seconds: 0.3)[...]) == nil, "shorter than 0.4 s")
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<Self.sampleRate).map { _ in Float.random(in: -0.3...0.3, using: &generator) }
        let features = VoiceFeatures.extract(noise[...])
        #expect(features != nil, "noise is energetic")
        #expect(features?.medianPitchHz == nil, "but has no pitch")
        #expect(features?.vector.suffix(2) == [0, 0])
    }

    @Test func aManAndAWomanAreTwoSpeakers() throws {
        let voices = ["en-us+m3", "en+f3"]
        let turns = Self.sentences.prefix(16).enumerated().map { (voice: voices[$0.offset % 2], text: $0.element) }
        let (labels, truth) = try Self.diarize(turns, label: "2 voices (en-us+m3, en+f3)")
        #expect(Set(labels).count == 2)
        #expect(Self.accuracy(labels, truth: truth) >= 0.9)
        #expect(labels.first == 0, "labels numbered in order of appearance")
    }

    @Test func threeVoicesAreThreeSpeakers() throws {
        let voices = ["en-us+m3", "en+f3", "en-us+m7"]
        // Not a strict rotation: who speaks next varies, as in a three-way call.
        let order = [0, 1, 2, 0, 2, 1, 0, 1, 2, 2, 0, 1, 1, 0, 2, 0, 1, 2]
        let turns = order.enumerated().map {
            (voice: voices[$0.element], text: Self.sentences[$0.offset % Self.sentences.count])
        }
        let (labels, truth) = try Self.diarize(turns, label: "3 voices (en-us+m3, en+f3, en-us+m7)")
        #expect(Set(labels).count == 3)
        #expect(Self.accuracy(labels, truth: truth) >= 0.85)
    }

    @Test func oneVoiceIsOneSpeaker() throws {
        let turns = Self.sentences.prefix(10).map { (voice: "en-us+m3", text: $0) }
        let (labels, _) = try Self.diarize(turns, label: "1 voice (en-us+m3)")
        #expect(labels == Array(repeating: 0, count: 10))
    }

    @Test func smoothingRemovesAShortFlicker() {
        let labels = [0, 0, 1, 1, 0, 1, 1]
        let durations = [2.0, 1.5, 2.0, 1.0, 0.6, 3.0, 2.0]
        #expect(SpeakerClustering.smooth(labels, durations: durations, minimumSeconds: 1) == [0, 0, 1, 1, 1, 1, 1])
        // A short run between two different speakers, or a long one, stays.
        #expect(SpeakerClustering.smooth([0, 1, 2], durations: [2, 0.5, 2], minimumSeconds: 1) == [0, 1, 2])
        #expect(SpeakerClustering.smooth([0, 1, 0], durations: [2, 3, 2], minimumSeconds: 1) == [0, 1, 0])
        // Smoothing a speaker away renumbers the rest from 0.
        #expect(SpeakerClustering.smooth([2, 0, 2], durations: [2, 0.5, 2], minimumSeconds: 1) == [0, 0, 0])
    }

    @Test func aTurnWithoutPitchIsPlacedByItsTimbre() {
        // Two groups on either side of the average in every dimension, with some spread; turn 4 has
        // no pitch.
        let features = (0..<12).map { turn in
            let side: Float = turn % 2 == 0 ? 1 : -1
            var vector = (0..<VoiceFeatures.dimensions).map { d in
                side * (d % 2 == 0 ? 1 : -0.5) + 0.3 * Float(sin(Double(turn * VoiceFeatures.dimensions + d)))
            }
            if turn == 4 {
                vector[VoiceFeatures.dimensions - 2] = 0
                vector[VoiceFeatures.dimensions - 1] = 0
            }
            return VoiceFeatures(vector: vector, voicedFraction: 0.5, medianPitchHz: turn == 4 ? nil : 100)
        }
        #expect(SpeakerClustering.cluster(features) == (0..<12).map { $0 % 2 })
    }

    @Test func clusteringFewTurnsIsOneSpeaker() {
        let features = VoiceFeatures(vector: [1, 2], voicedFraction: 1, medianPitchHz: nil)
        #expect(SpeakerClustering.cluster([]) == [])
        #expect(SpeakerClustering.cluster([features]) == [0])
        #expect(SpeakerClustering.cluster([features, features]) == [0, 0])
    }
}
