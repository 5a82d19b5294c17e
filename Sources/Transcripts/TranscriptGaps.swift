/// A segment the engine returned and the hallucination guard threw away: listed in the
/// transcript, so that no words ever disappear without a trace.
public struct DroppedSegment: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    /// What the engine said (at most 200 characters).
    public var text: String
    /// Why it was dropped, e.g. "repetitive (compression ratio 8.38): a decoding loop".
    public var reason: String
    /// Whether a second look brought words back for its time.
    public var recovered: Bool

    public init(start: Double, end: Double, text: String, reason: String, recovered: Bool = false) {
        self.start = start
        self.end = end
        self.text = text
        self.reason = reason
        self.recovered = recovered
    }
}

/// A stretch that came back from the first decoding without words, decoded again.
public struct SecondLook: Sendable, Equatable, Codable {
    /// What made it worth a second look.
    public enum HeardAs: String, Sendable, Codable {
        /// The VAD called it speech.
        case speech
        /// It was loud, but the VAD did not call it speech (it is speech if words come back).
        case sound
    }

    public var start: Double
    public var end: Double
    /// How it was decoded again: "own window" (in a Whisper window of its own, with a little
    /// context on each side) or "sequential" (the sequential decoder, with temperature fallback);
    /// "screened" when a loud stretch was not decoded because the VAD gave none of it a speech
    /// probability of `ChunkDecoder.soundScreen` (music, a tone, noise).
    public var method: String
    public var heardAs: HeardAs
    /// Words it brought back into the stretch.
    public var words: Int
    /// For a screened stretch, the highest speech probability the VAD gave any of it.
    public var peakSpeechProbability: Double?

    public init(
        start: Double, end: Double, method: String, heardAs: HeardAs, words: Int, peakSpeechProbability: Double? = nil
    ) {
        self.start = start
        self.end = end
        self.method = method
        self.heardAs = heardAs
        self.words = words
        self.peakSpeechProbability = peakSpeechProbability
    }

    enum CodingKeys: String, CodingKey {
        case start, end, method, words
        case heardAs = "heard_as"
        case peakSpeechProbability = "peak_speech_probability"
    }
}

/// Speech the voice-activity detector heard that still has no words after the second looks,
/// for at least `SpeechCoverage.reportedSeconds`, and why.
public struct UnheardSpeech: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public var reason: String

    public init(start: Double, end: Double, reason: String) {
        self.start = start
        self.end = end
        self.reason = reason
    }
}
