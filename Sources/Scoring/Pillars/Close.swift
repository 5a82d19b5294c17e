/// Close: does the call end with an ask, a dated next step and the customer's commitment?
///
///     close = 35 · explicit ask + (35 · next step with a time, or 15 · next step without one)
///           + 30 · customer commitment
///
/// An ask is a rep question that asks for the business or a step ("shall we go ahead", "how does
/// Tuesday at ten sound", "can I send…"); a next step is a demo, invite, agreement, order,
/// follow-up…, *timed* when its turn names a day or time; a commitment is the customer agreeing
/// to something concrete ("let's do it", "Tuesday at ten works", "send me the invite").
enum Close {
    static let formula =
        "35·explicit ask + (35·next step with a time | 15·next step without one) + 30·customer commitment"

    static func score(_ facts: CallFacts) -> PillarResult {
        let ask = facts.asks.last
        let timed = facts.timedSteps.last
        let step = facts.steps.last
        let commitment = facts.commitments.last
        let score = (ask == nil ? 0 : 35) + (timed != nil ? 35 : step != nil ? 15 : 0) + (commitment == nil ? 0 : 30)

        var good: [String] = []
        if let ask { good.append("asked \(Quote(ask).cited)") }
        if let timed {
            good.append("set a dated next step \(Quote(timed).cited)")
        } else if let step {
            good.append("proposed a next step \(Quote(step).cited)")
        }
        if let commitment { good.append("the customer committed \(Quote(commitment).cited)") }
        let positive =
            good.isEmpty
            ? "No ask, next step or commitment was heard." : "The rep " + good.joined(separator: "; ") + "."
        let lastRep = facts.rep.last.map { Quote($0).cited } ?? "nothing"
        let negative: String
        let change: String
        if ask == nil {
            negative = "No explicit ask: the rep's last line was \(lastRep)."
            change = "End with a direct ask for the next step and a date."
        } else if timed == nil {
            negative = "The next step has no date or time" + (step.map { ": \(Quote($0).cited)" } ?? "") + "."
            change = "Tie the next step to a day and time before hanging up."
        } else if commitment == nil {
            negative = "The customer did not commit to anything concrete; the call ended \(lastRep)."
            change = "Ask for a yes to the step itself and wait for it."
        } else {
            negative = "Ask, dated step and commitment all present; the deal moved \(Quote(commitment!).cited)."
            change = ""
        }
        return PillarResult(
            score: Double(score), formula: formula,
            measures: [
                "explicit_ask": ask == nil ? 0 : 1, "next_step_with_time": timed == nil ? 0 : 1,
                "next_step": step == nil ? 0 : 1,
                "customer_commitment": commitment == nil ? 0 : 1,
            ],
            quotes: [ask, timed ?? step, commitment].compactMap { $0 }.uniqued(), positive: positive,
            negative: negative,
            keep: ask.map { "Ask as plainly as \(Quote($0).cited)." } ?? positive, change: change)
    }
}
