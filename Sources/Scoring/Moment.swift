/// A point in the call a manager would jump to: an objection, pricing, a next step, a commitment.
public struct Moment: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case objection, pricing
        case nextStep = "next_step"
        case commitment
    }

    public var type: Kind
    /// What kind of objection, which price words, which step: the matched cue.
    public var detail: String
    public var speaker: String
    public var quote: String
    public var startSeconds: Double
    public var endSeconds: Double
    public var timestamp: String

    init(_ type: Kind, detail: String, sentence: Sentence) {
        self.init(type, detail: detail, quote: Quote(sentence))
    }

    enum CodingKeys: String, CodingKey {
        case type, detail, speaker, quote, timestamp
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }
}

extension Moment {
    /// A next step with a day or time to it ("Tuesday at ten"): the built-in analyzer's `dated`,
    /// or a time named in the quoted words, whichever engine wrote the moment.
    public var isDated: Bool {
        type == .nextStep && (detail.hasSuffix(", dated") || Lexicon.times.contains(in: Tokenizer.tokens(quote)))
    }

    /// The objection's categories (`price`, `timing`, …), from the quoted words when the engine
    /// named none of the built-in ones.
    public var objectionCategories: [String] {
        guard type == .objection else { return [] }
        let named = detail.split(separator: "/").map(String.init).filter { name in
            Lexicon.objections.contains { $0.category == name }
        }
        if !named.isEmpty { return named }
        let tokens = Tokenizer.tokens(quote)
        return Lexicon.objections.filter { $0.phrases.contains(in: tokens) }.map(\.category)
    }
}
