/// Objection handling: when the customer pushes back, does the rep acknowledge, ask, answer, and
/// does the customer move on?
///
///     per objection = 25 · acknowledged + 25 · asked + 30 · answered + 20 · resolved
///     objection     = mean over the call's objections
///
/// An objection is a customer turn with a price, timing, competitor, authority, risk or need cue.
/// *Acknowledged*: the rep's next turn opens with "I understand", "fair enough", "makes sense"…;
/// *asked*: a rep question in the next two rep turns; *answered*: a rep sentence there with value,
/// proof, a figure or the objection's own words (a question counts only as an "if…" offer);
/// *resolved*: the customer's next turn raises no objection and is not negative. A call without
/// objections is not measured: 50, left out of the overall score.
enum ObjectionHandling {
    static let formula = "mean over objections of 25·acknowledged + 25·asked + 30·answered + 20·resolved"

    static func score(_ facts: CallFacts) -> PillarResult {
        let objections = facts.objections
        guard !objections.isEmpty else {
            let fact =
                "No objection was raised between \(Quote.clock(facts.slice.startSeconds)) and \(Quote.clock(facts.slice.endSeconds)), so this pillar is not scored (50, left out of the overall score)."
            return PillarResult(
                score: 50, measured: false, formula: formula, measures: ["objections": 0], quotes: [], positive: fact,
                negative: fact,
                keep: fact, change: "")
        }
        func points(_ o: CallFacts.Objection) -> Double {
            (o.acknowledged == nil ? 0 : 25) + (o.asked == nil ? 0 : 25) + (o.answered == nil ? 0 : 30)
                + (o.resolved == nil ? 0 : 20)
        }
        let scores = objections.map(points)
        let score = scores.reduce(0, +) / Double(scores.count)
        let bestIndex = scores.indices.max { (scores[$0], -$0) < (scores[$1], -$1) }!
        let worstIndex = scores.indices.min { (scores[$0], $0) < (scores[$1], $1) }!
        let best = objections[bestIndex]
        let worst = objections[worstIndex]
        let handledLine = best.answered ?? best.acknowledged ?? best.asked

        func describe(_ o: CallFacts.Objection) -> String {
            "\(o.categories.joined(separator: "/")) objection \(Quote(o.sentences[0]).cited)"
        }
        let positive =
            "\(objections.count) objection(s); the best handled, \(describe(best)), was "
            + [
                best.acknowledged.map { _ in "acknowledged" }, best.asked.map { _ in "explored with a question" },
                best.answered.map { "answered \(Quote($0).cited)" },
                best.resolved.map { _ in "and the customer moved on" },
            ]
            .compactMap { $0 }.joined(separator: ", ").nonEmpty(or: "not handled") + "."
        var missing: [String] = []
        if worst.acknowledged == nil { missing.append("not acknowledged") }
        if worst.asked == nil { missing.append("no question to understand it") }
        if worst.answered == nil { missing.append("no answer with value, proof or a figure") }
        if worst.resolved == nil { missing.append("the customer did not move on") }
        let negative =
            missing.isEmpty
            ? "Every objection was acknowledged, explored, answered and resolved; the last \(describe(objections.last!))."
            : "The \(describe(worst)): " + missing.joined(separator: "; ") + "."
        let change =
            missing.isEmpty ? "" : "Next time, acknowledge the concern, ask what is behind it, then answer with a fact."
        var quotes: [Sentence] = []
        for o in objections.prefix(4) { quotes += [o.sentences[0]] + [o.acknowledged, o.answered].compactMap { $0 } }
        return PillarResult(
            score: score, formula: formula,
            measures: [
                "objections": Double(objections.count),
                "acknowledged": Double(objections.filter { $0.acknowledged != nil }.count),
                "asked": Double(objections.filter { $0.asked != nil }.count),
                "answered": Double(objections.filter { $0.answered != nil }.count),
                "resolved": Double(objections.filter { $0.resolved != nil }.count),
            ],
            quotes: quotes.uniqued(), positive: positive, negative: negative,
            keep: handledLine.map { "Meet pushback the way you did \(Quote($0).cited)." } ?? positive, change: change)
    }
}

extension String {
    func nonEmpty(or fallback: String) -> String { isEmpty ? fallback : self }
}
