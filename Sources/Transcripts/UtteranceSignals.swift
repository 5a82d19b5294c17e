import Foundation

/// What one utterance carries besides its words, in the conversation-intelligence platform's
/// terms (its "timeline": prosody, emotion, commitment per utterance): how it was said, measured
/// from its audio, and the cues its words hold. Every label names its method
/// (`Transcript.signalMethods` spells each out), and each is computed the same way for every engine.
public struct UtteranceSignals: Sendable, Equatable, Codable {
    /// How it was said, from the utterance's own audio; nil when the audio was not at hand (a
    /// remote recording is not downloaded a second time) or too short or quiet to measure.
    public var prosody: UtteranceProsody?
    public var emotion: Emotion
    public var commitment: Commitment
    public var hesitation: Hesitation
    /// Seconds of silence since the previous utterance ended (any speaker; 0 when they overlap).
    public var pauseBeforeSeconds: Double
    /// The speaker's words over the utterance's spoken seconds (first word's start to last word's end).
    public var speakingRateWPM: Int?

    public struct Emotion: Sendable, Equatable, Codable {
        /// `neutral`, `interest`, `joy`, `frustration`, `worry`, `anger`, `disappointment`, `surprise`.
        public var label: String
        /// 0–1: how strongly the words (and, when measured, the voice) carry it.
        public var score: Double
        /// `high`, `normal` or `low` against the same speaker's other utterances; nil without prosody.
        public var arousal: String?
        /// The words that named it.
        public var cues: [String]
        public var method: String
    }

    public struct Commitment: Sendable, Equatable, Codable {
        /// `commits` ("let's do it", "send it over"), `hedges` ("let me think"), `declines`
        /// ("not interested"), or `none`.
        public var level: String
        public var cues: [String]
        public var method: String
    }

    public struct Hesitation: Sendable, Equatable, Codable {
        /// "um", "uh", "you know"…
        public var fillers: Int
        /// A word said twice in a row ("I I think"), or cut off ("we sh- we should").
        public var restarts: Int
        public var method: String
    }

    enum CodingKeys: String, CodingKey {
        case prosody, emotion, commitment, hesitation
        case pauseBeforeSeconds = "pause_before_seconds"
        case speakingRateWPM = "speaking_rate_wpm"
    }
}

/// How an utterance was said, from its audio (the YIN pitch tracker the diarizer uses, 10 ms frames).
public struct UtteranceProsody: Sendable, Equatable, Codable {
    /// Median pitch of the voiced frames; nil under 0.3 s of voiced audio.
    public var medianPitchHz: Double?
    /// Spread of the voiced frames' pitch, 10th to 90th percentile, in semitones.
    public var pitchRangeSemitones: Double?
    /// Mean level of the utterance's energetic frames, in dB below full scale.
    public var energyDB: Double
    public var voicedSeconds: Double

    public init(medianPitchHz: Double?, pitchRangeSemitones: Double?, energyDB: Double, voicedSeconds: Double) {
        self.medianPitchHz = medianPitchHz
        self.pitchRangeSemitones = pitchRangeSemitones
        self.energyDB = energyDB
        self.voicedSeconds = voicedSeconds
    }

    enum CodingKeys: String, CodingKey {
        case medianPitchHz = "median_pitch_hz"
        case pitchRangeSemitones = "pitch_range_semitones"
        case energyDB = "energy_db"
        case voicedSeconds = "voiced_seconds"
    }
}
