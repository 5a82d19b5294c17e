/// How one pillar's score was reached: the measures, the formula applied to them, and the quotes.
public struct PillarEvidence: Sendable, Equatable, Codable {
    public var score: Int
    /// False when the call gave nothing to measure (no objection raised): the score is then a
    /// neutral 50 and the pillar is left out of `overall_score`.
    public var measured: Bool
    public var formula: String
    public var measures: [String: Double]
    public var quotes: [Quote]

    public init(score: Int, measured: Bool, formula: String, measures: [String: Double], quotes: [Quote]) {
        self.score = score
        self.measured = measured
        self.formula = formula
        self.measures = measures
        self.quotes = quotes
    }
}
