/// One pillar as a scorer computes it, before it is split into the analysis's fields.
struct PillarResult: Sendable {
    var score: Double
    var measured = true
    let formula: String
    var measures: [String: Double]
    var quotes: [Sentence]
    /// What went well and what to change, each citing this call.
    var positive: String
    var negative: String
    /// What to keep doing, and the rep's line that shows it: for the action plan.
    var keep: String
    var change: String

    var rounded: Int { Int(min(100, max(0, score)).rounded()) }

    func evidence() -> PillarEvidence {
        PillarEvidence(
            score: rounded, measured: measured, formula: formula,
            measures: measures.mapValues { ($0 * 1000).rounded() / 1000 }, quotes: quotes.map(Quote.init))
    }
}

func clamp01(_ value: Double) -> Double { min(1, max(0, value)) }

func percent(_ value: Double) -> String { "\(Int((value * 100).rounded())) %" }

func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}
