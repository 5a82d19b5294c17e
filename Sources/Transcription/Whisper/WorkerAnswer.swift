/// What the worker returns for one chunk; times are seconds from the chunk's start.
struct WorkerAnswer: Decodable, Sendable {
    struct Segment: Decodable, Sendable {
        var start: Double
        var end: Double
        var text: String
        var noSpeechProb: Double
        var avgLogprob: Double
        var compressionRatio: Double
        var words: [WorkerWord]

        enum CodingKeys: String, CodingKey {
            case start, end, text, words
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
    var language: String?
    /// Seconds the model spent on the chunk.
    var seconds: Double
    /// The worker's peak resident memory so far, in KiB.
    var maxRssKib: Int?

    enum CodingKeys: String, CodingKey {
        case id, segments, language, seconds
        case maxRssKib = "max_rss_kib"
    }
}
