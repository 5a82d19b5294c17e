/// What the worker returns for one piece of audio; times are seconds from the piece's start.
struct WorkerAnswer: Decodable, Sendable {
    struct Segment: Decodable, Sendable {
        var start: Double
        var end: Double
        var text: String
        var noSpeechProb: Double
        var avgLogprob: Double
        var compressionRatio: Double
        /// The sampling temperature that produced it (above 0 after the sequential decoder's fallback).
        var temperature: Double?
        var words: [WorkerWord]

        enum CodingKeys: String, CodingKey {
            case start, end, text, words, temperature
            case noSpeechProb = "no_speech_prob"
            case avgLogprob = "avg_logprob"
            case compressionRatio = "compression_ratio"
        }
    }

    struct WorkerWord: Decodable, Sendable {
        var word: String
        var start: Double
        var end: Double
        var probability: Double
    }

    var id: Int
    var segments: [Segment]
    /// The language decoded: the one asked for, or the one the model detected.
    var language: String?
    /// Seconds the model spent on the piece.
    var seconds: Double
    /// The regions the engine's VAD heard as speech, `[start, end]` each; nil when no VAD ran.
    var speech: [[Double]]?
    /// How far the VAD widened each region on both sides.
    var speechPad: Double?
    /// Clips a screening left out: `[index, peak speech probability]` each.
    var screened: [[Double]]?
    /// The voice embedding of each piece an embedding request listed.
    var embeddings: [[Float]]?
    /// The worker's peak resident memory so far, in KiB.
    var maxRssKib: Int?

    enum CodingKeys: String, CodingKey {
        case id, segments, language, seconds, speech, embeddings, screened
        case speechPad = "speech_pad"
        case maxRssKib = "max_rss_kib"
    }
}
