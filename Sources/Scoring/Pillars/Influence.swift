/// Influence: does the rep make the case in the customer's terms, with proof?
///
///     influence = 35 · min(1, value statements / 3) + 20 · min(1, proof statements / 2)
///               + 20 · min(1, quantified claims / 2) + 25 · min(1, you-focus / 0.5)
///
/// A value statement names a gain for the customer ("one plan for less than that", "no setup
/// fee"); proof cites others' results ("customers your size usually save…"); a quantified claim
/// holds a figure; you-focus is the share of "you/your" among the rep's person words (you, your,
/// I, me, my, we, our, us).
enum Influence {
    static let formula = "35·min(1, value/3) + 20·min(1, proof/2) + 20·min(1, quantified/2) + 25·min(1, you-focus/0.5)"
    static let youWords: Set<String> = ["you", "your", "you're", "yours", "you'll", "you've"]
    static let selfWords: Set<String> = [
        "i", "me", "my", "we", "our", "us", "i'm", "we're", "i'll", "we'll", "i've", "we've", "mine", "ours",
    ]

    static func score(_ facts: CallFacts) -> PillarResult {
        let value = facts.rep.filter { Lexicon.value.contains(in: $0.tokens) }
        let proof = facts.rep.filter { Lexicon.proof.contains(in: $0.tokens) }
        let quantified = facts.rep.filter { sentence in
            // "Tuesday at ten" is a time, not a claim.
            sentence.tokens.indices.contains {
                Tokenizer.isNumber(sentence.tokens[$0]) && ($0 == 0 || sentence.tokens[$0 - 1] != "at")
            }
                && !sentence.isQuestion
        }
        let tokens = facts.rep.flatMap(\.tokens)
        let you = tokens.filter(youWords.contains).count
        let me = tokens.filter(selfWords.contains).count
        let youFocus = you + me == 0 ? 0 : Double(you) / Double(you + me)
        let score =
            35 * min(1, Double(value.count) / 3) + 20 * min(1, Double(proof.count) / 2)
            + 20 * min(1, Double(quantified.count) / 2) + 25 * min(1, youFocus / 0.5)
        // The strongest line: value and a figure or proof together, else value alone.
        let best =
            value.first { Lexicon.proof.contains(in: $0.tokens) || $0.tokens.contains(where: Tokenizer.isNumber) }
            ?? value.first ?? proof.first

        var positive =
            "\(value.count) value statement(s), \(proof.count) proof point(s), \(quantified.count) quantified claim(s)"
        positive +=
            best.map { "; the strongest \(Quote($0).cited)." }
            ?? (quantified.first.map { ", e.g. \(Quote($0).cited)." } ?? facts.span + ".")
        let negative: String
        let change: String
        if value.isEmpty {
            negative =
                "No statement of what the customer gains in the rep's \(facts.rep.count) sentence(s)\(facts.span)."
            change = "After the customer names a problem, say what changes for them, with a figure."
        } else if proof.isEmpty {
            negative = "Claims had no proof from other customers: \(Quote(value[0]).cited) stands alone."
            change = "Back the claim with what a similar customer saw."
        } else if quantified.isEmpty {
            negative = "No figure backs the case: \(Quote(value[0]).cited) has no number."
            change = "Put a number on the gain."
        } else if youFocus < 0.5 {
            negative = "You-focus \(percent(youFocus)): the rep talked about “I/we” more than about the customer."
            change = "Turn “we offer…” lines into “you get…” lines."
        } else {
            negative = "Value, proof and figures all present; you-focus \(percent(youFocus))."
            change = ""
        }
        return PillarResult(
            score: score, formula: formula,
            measures: [
                "value_statements": Double(value.count), "proof_statements": Double(proof.count),
                "quantified_claims": Double(quantified.count), "you_focus": youFocus,
            ],
            quotes: Array((value.prefix(3) + proof.prefix(2) + quantified.prefix(2)).uniqued()), positive: positive,
            negative: negative,
            keep: best.map { "Lead with the gain and a figure, as \(Quote($0).cited)." } ?? positive, change: change)
    }
}

extension Sequence where Element == Sentence {
    /// In order, each sentence once.
    func uniqued() -> [Sentence] {
        var seen = Set<Double>()
        return filter { seen.insert($0.start).inserted }
    }
}
