/// The analysis API's `feedback_v5`: what went well and what to change, per pillar.
public struct FeedbackV5: Sendable, Equatable, Codable {
    public struct Pair: Sendable, Equatable, Codable {
        public var positive: String
        public var negative: String

        public init(positive: String, negative: String) {
            self.positive = positive
            self.negative = negative
        }
    }

    public var clarity: Pair
    public var influence: Pair
    public var objection: Pair
    public var discovery: Pair
    public var delivery: Pair
    public var close: Pair
}

/// The analysis API's `action_plan_v5`.
public struct ActionPlanV5: Sendable, Equatable, Codable {
    /// How to repeat the strongest pillar, citing the line that shows it.
    public var doubleDownImplementation: String
    /// The one change that would lift the weakest pillar most, citing where it went wrong.
    public var generalCommunicationImprovement: String
    /// The rep's own best line from this call, and the principle it shows.
    public var quotedPrinciple: String

    enum CodingKeys: String, CodingKey {
        case doubleDownImplementation = "double_down_implementation"
        case generalCommunicationImprovement = "general_communication_improvement"
        case quotedPrinciple = "quoted_principle"
    }
}
