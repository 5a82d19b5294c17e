import Scoring

/// What the analyze prompt asks the model for (the analysis API's analysis fields the model writes; the
/// measured ones are not asked). Decoded leniently, then checked by `LLMAnalyzer`.
struct AnalyzerReply: Decodable, Sendable {
    struct Pair: Decodable, Sendable {
        var positive: String
        var negative: String
    }

    struct Plan: Decodable, Sendable {
        var doubleDownImplementation: String
        var generalCommunicationImprovement: String
        var quotedPrinciple: String
    }

    struct MomentReply: Decodable, Sendable {
        var type: String
        var detail: String?
        var quote: String
    }

    struct EvidenceReply: Decodable, Sendable {
        var pillar: String
        var quote: String
    }

    var prospectName: String?
    var recordingTitle: String
    var doubleDown: String
    var aiSummary: String
    var aiSummaryV5: String
    var scores: [String: Double]
    var feedbackV5: [String: Pair]
    var actionPlanV5: Plan
    var organizationPromptSummary: String?
    var organizationFeedback: String?
    var moments: [MomentReply]
    var evidence: [EvidenceReply]?

    /// What is missing or malformed, worded for the repair request; nil when the reply is whole.
    var problem: String? {
        let pillars = Analysis.Pillar.allCases.map(\.rawValue)
        if let missing = pillars.first(where: { scores[$0] == nil }) { return "scores.\(missing) is missing" }
        if let bad = pillars.first(where: { scores[$0]!.isNaN }) { return "scores.\(bad) is not a number" }
        if let missing = pillars.first(where: { feedbackV5[$0] == nil }) { return "feedback_v5.\(missing) is missing" }
        if recordingTitle.isEmpty || aiSummary.isEmpty { return "recording_title and ai_summary must not be empty" }
        return nil
    }

    /// The JSON schema sent as `response_format` (strict: every property required, no others).
    static let schema = #"""
        {"type":"object","additionalProperties":false,
         "required":["prospect_name","recording_title","double_down","ai_summary","ai_summary_v5","scores","feedback_v5","action_plan_v5","organization_prompt_summary","organization_feedback","moments","evidence"],
         "properties":{
          "prospect_name":{"type":["string","null"]},
          "recording_title":{"type":"string"},
          "double_down":{"type":"string"},
          "ai_summary":{"type":"string"},
          "ai_summary_v5":{"type":"string"},
          "scores":{"type":"object","additionalProperties":false,"required":["clarity","influence","objection","discovery","delivery","close"],
            "properties":{"clarity":{"type":"integer"},"influence":{"type":"integer"},"objection":{"type":"integer"},"discovery":{"type":"integer"},"delivery":{"type":"integer"},"close":{"type":"integer"}}},
          "feedback_v5":{"type":"object","additionalProperties":false,"required":["clarity","influence","objection","discovery","delivery","close"],
            "properties":{"clarity":{"$ref":"#/$defs/pair"},"influence":{"$ref":"#/$defs/pair"},"objection":{"$ref":"#/$defs/pair"},"discovery":{"$ref":"#/$defs/pair"},"delivery":{"$ref":"#/$defs/pair"},"close":{"$ref":"#/$defs/pair"}}},
          "action_plan_v5":{"type":"object","additionalProperties":false,"required":["double_down_implementation","general_communication_improvement","quoted_principle"],
            "properties":{"double_down_implementation":{"type":"string"},"general_communication_improvement":{"type":"string"},"quoted_principle":{"type":"string"}}},
          "organization_prompt_summary":{"type":["string","null"]},
          "organization_feedback":{"type":["string","null"]},
          "moments":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["type","detail","quote"],
            "properties":{"type":{"type":"string","enum":["objection","pricing","next_step","commitment"]},"detail":{"type":"string"},"quote":{"type":"string"}}}},
          "evidence":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["pillar","quote"],
            "properties":{"pillar":{"type":"string","enum":["clarity","influence","objection","discovery","delivery","close"]},"quote":{"type":"string"}}}}
         },
         "$defs":{"pair":{"type":"object","additionalProperties":false,"required":["positive","negative"],"properties":{"positive":{"type":"string"},"negative":{"type":"string"}}}}}
        """#
}
