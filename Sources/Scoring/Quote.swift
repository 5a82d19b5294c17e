import Transcripts

/// Words said in the call, with who said them and when: what every score and piece of feedback cites.
public struct Quote: Sendable, Equatable, Codable {
    public var speaker: String
    public var text: String
    /// Seconds from the start of the source recording.
    public var startSeconds: Double
    public var endSeconds: Double
    /// `startSeconds` as m:ss (h:mm:ss past an hour), as a person would seek to it.
    public var timestamp: String

    init(_ sentence: Sentence) {
        speaker = sentence.fromRep ? "rep" : "customer"
        text = Quote.trimmed(sentence.text)
        startSeconds = Quote.rounded(sentence.start)
        endSeconds = Quote.rounded(sentence.end)
        timestamp = Quote.clock(sentence.start)
    }

    enum CodingKeys: String, CodingKey {
        case speaker, text, timestamp
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }

    /// “text” at m:ss, for sentences of feedback.
    var cited: String { "at \(timestamp) “\(text)”" }

    static func trimmed(_ text: String, limit: Int = 160) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    /// m:ss, h:mm:ss past an hour (`TimeSpan.clock`): how every timestamp callsift writes reads.
    public static func clock(_ seconds: Double) -> String { TimeSpan.clock(seconds) }
}
