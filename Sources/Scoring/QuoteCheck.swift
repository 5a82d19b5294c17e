import Foundation
import Transcripts

/// Checks that words attributed to the call were really said in it: an engine that writes its own
/// feedback (an LLM) may paraphrase or invent, and a quote a person cannot find in the recording
/// is worse than none. Matching ignores case, punctuation and spacing, within one utterance.
public struct QuoteCheck: Sendable {
    private let utterances: [(utterance: Utterance, normalized: String, fromRep: Bool)]

    public init(_ call: CallSlice) {
        utterances = call.utterances.map { ($0, Self.normalized($0.transcript), call.isRep($0)) }
    }

    /// The quote where it was said (speaker, time and the text as given), or nil when no single
    /// utterance contains it. Empty or punctuation-only text is never found.
    public func locate(_ text: String) -> Quote? {
        let needle = Self.normalized(text)
        guard !needle.isEmpty, let hit = utterances.first(where: { " \($0.normalized) ".contains(" \(needle) ") })
        else { return nil }
        return Quote(
            speaker: hit.fromRep ? "rep" : "customer", text: Quote.trimmed(text.trimmingQuotes),
            startSeconds: Quote.rounded(hit.utterance.start),
            endSeconds: Quote.rounded(hit.utterance.end))
    }

    /// The fragments of `text` inside quotation marks (“…”, "…"): what a reader takes as the call's words.
    public static func fragments(in text: String) -> [String] {
        text.matches(of: #/“([^”]+)”|"([^"]+)"/#).compactMap { match in (match.1 ?? match.2).map(String.init) }
    }

    /// True when every quoted fragment of `text` is in the call.
    public func quotesHold(in text: String) -> Bool {
        Self.fragments(in: text).allSatisfy { locate($0) != nil }
    }

    static func normalized(_ text: String) -> String {
        let folded = text.lowercased().replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "‘", with: "'")
        let kept = folded.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" ? Character(scalar) : " "
        }
        return String(kept).split(separator: " ").joined(separator: " ")
    }
}

extension Quote {
    init(speaker: String, text: String, startSeconds: Double, endSeconds: Double) {
        self.speaker = speaker
        self.text = text
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        timestamp = Quote.clock(startSeconds)
    }
}

extension Moment {
    /// A moment at a located quote: the time and speaker are the transcript's, not the engine's.
    public init(_ type: Kind, detail: String, quote: Quote) {
        self.type = type
        self.detail = detail
        speaker = quote.speaker
        self.quote = quote.text
        startSeconds = quote.startSeconds
        endSeconds = quote.endSeconds
        timestamp = quote.timestamp
    }
}

extension String {
    fileprivate var trimmingQuotes: String { trimmingCharacters(in: .init(charactersIn: "\"“”'‘’ ")) }
}
