/// Clarity: is the rep easy to follow?
///
///     clarity = 100 − 10 · fillers per 100 rep words − 2 · max(0, mean sentence length − 18 words)
///                   − min(20, 5 · sentences over 25 words) − 10 · jargon terms per 100 rep words
///
/// Whisper drops most "um"s and "uh"s from its text, so with the default engine the filler count
/// is a lower bound; sidecar transcripts that keep them (Deepgram `filler_words=true`) count them all.
enum Clarity {
    static let formula =
        "100 − 10·fillers per 100 words − 2·max(0, mean sentence words − 18) − min(20, 5·sentences over 25 words) − 10·jargon per 100 words"

    static func score(_ facts: CallFacts) -> PillarResult {
        let words = Double(max(1, facts.repWords))
        let fillerHits = facts.rep.map { ($0, Lexicon.fillers.allMatches(in: $0.tokens)) }.filter { !$0.1.isEmpty }
        let jargonHits = facts.rep.map { ($0, Lexicon.jargon.allMatches(in: $0.tokens)) }.filter { !$0.1.isEmpty }
        let fillers = fillerHits.reduce(0) { $0 + $1.1.count }
        let jargon = jargonHits.reduce(0) { $0 + $1.1.count }
        let fillerRate = 100 * Double(fillers) / words
        let jargonRate = 100 * Double(jargon) / words
        let meanLength = words / Double(max(1, facts.rep.count))
        let longest = facts.rep.max { $0.tokens.count < $1.tokens.count }
        let long = facts.rep.filter { $0.tokens.count > 25 }
        let score =
            100 - 10 * fillerRate - 2 * max(0, meanLength - 18) - min(20, 5 * Double(long.count)) - 10 * jargonRate
        // The clearest line: a complete thought of 8–18 words, no filler or jargon, past the greeting.
        let candidates = facts.rep.count > 3 ? Array(facts.rep.dropFirst(2)) : facts.rep
        let clearest =
            candidates.first {
                (8...18).contains($0.tokens.count) && !Lexicon.fillers.contains(in: $0.tokens)
                    && !Lexicon.jargon.contains(in: $0.tokens)
            } ?? facts.rep.first
        var quotes = [clearest].compactMap { $0 }
        quotes += fillerHits.prefix(2).map(\.0) + jargonHits.prefix(2).map(\.0)
        if let longest, longest.tokens.count > 25 { quotes.append(longest) }

        let positive: String
        if let clearest {
            positive =
                (fillers == 0
                    ? "No filler words in \(facts.repWords) words"
                    : "\(fillers) filler word(s) in \(facts.repWords) words")
                + "; sentences average \(oneDecimal(meanLength)) words, e.g. \(Quote(clearest).cited)."
        } else {
            positive = "The rep said nothing in this conversation."
        }
        var negative: String
        if let (sentence, found) = fillerHits.first {
            negative =
                "\(fillers) filler word(s) (\(oneDecimal(fillerRate)) per 100 words), e.g. “\(found[0])” \(Quote(sentence).cited)."
        } else if let (sentence, found) = jargonHits.first {
            negative = "Jargon the buyer has to translate: “\(found[0])” \(Quote(sentence).cited)."
        } else if let longest, longest.tokens.count > 25 {
            negative =
                "The longest sentence runs \(longest.tokens.count) words \(Quote(longest).cited); split it in two."
        } else if let longest {
            negative =
                "No filler or jargon; the longest sentence is \(longest.tokens.count) words \(Quote(longest).cited)."
        } else {
            negative = "Nothing to measure: the rep did not speak."
        }
        let change: String
        if !fillerHits.isEmpty {
            change = "Replace fillers with a short pause."
        } else if !jargonHits.isEmpty {
            change = "Say it in the customer's words."
        } else if !long.isEmpty {
            change = "Keep to one idea per sentence."
        } else {
            change = ""
        }
        return PillarResult(
            score: score, formula: formula,
            measures: [
                "filler_words": Double(fillers), "fillers_per_100_words": fillerRate, "jargon_terms": Double(jargon),
                "jargon_per_100_words": jargonRate, "mean_sentence_words": meanLength,
                "longest_sentence_words": Double(longest?.tokens.count ?? 0),
                "sentences_over_25_words": Double(long.count),
                "rep_words": Double(facts.repWords),
            ],
            quotes: quotes, positive: positive, negative: negative,
            keep: clearest.map { "Keep sentences this short and plain: \(Quote($0).cited)." } ?? positive,
            change: change)
    }
}
