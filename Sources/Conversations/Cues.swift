import Foundation

/// The phrases the built-in detector listens for, lower case. Each list is a documented signal.
enum Cues {
    /// A conversation opening: a greeting with a name, a self-introduction with a company.
    static let openings = patterns([
        #"\b(hi|hello|good (morning|afternoon|evening))\b.{0,40}\b(this is|it's|it is|my name is)\b"#,
        #"\b(this is|it's|it is|my name is) [a-z']+ (from|with|at|calling from) [a-z]"#,
        #"\bthank(s| you) for calling\b"#,
        #"\b(am i speaking with|is this) [a-z']+"#,
        #"^(hi|hello)[,.!]? (i am|i'm) calling (about|regarding)\b"#,
        #"^(hi|hello)[,.!]? [a-z]+, (this is|it's)\b"#,
    ])
    /// A conversation ending: thanks, farewells, "talk to you …".
    static let closings = patterns([
        #"\bthank(s| you)( so much)? for (your|the) (time|call|honesty|help)\b"#,
        #"\btalk (to you|soon)\b"#, #"\b(good|great) luck\b"#, #"\bbye\b"#, #"\bhave a (good|great|nice) (day|one|weekend)\b"#,
        #"\btake care\b"#, #"\bthanks? [a-z]+[.!]?$"#, #"\b(perfect|great), thanks\b"#,
    ])
    /// A message left on a machine.
    static let voicemail = patterns([
        #"\b(leave|leaving) (you )?a message\b"#, #"\bcall me back\b"#, #"\breach me at\b"#, #"\b(try|catch) you again\b"#,
        #"\bgive me a call\b"#,
    ])
    /// Selling: prices, plans, contracts, demos, budgets, next steps. A span with at least two is sales.
    static let salesTerms: Set<String> = [
        "price", "prices", "pricing", "priced", "plan", "plans", "contract", "contracts", "demo", "quote", "proposal", "renewal",
        "pilot", "budget", "budgets", "cost", "costs", "agreement", "sign", "order", "discount", "dollars", "percent", "fee",
        "invoice", "bill", "expenses", "expensive", "cheaper", "tier", "premium", "standard", "competitor", "trial", "license",
        "subscription", "rollout", "deal", "purchase", "buying", "vendor", "carriers", "save", "savings",
    ]
    /// The customer commits: the deal is won.
    static let won = patterns([
        #"\blet's (do it|go ahead|start|sign)\b"#, #"\b(i|we) will sign\b"#, #"\bsend (it|the agreement|the contract) over\b"#,
        #"\bstart the pilot\b"#, #"\bwe'll take it\b"#, #"\b(go|move) ahead with (it|the)\b"#, #"\bsounds good, (let's|send)\b"#,
        #"\bit's a deal\b"#,
    ])
    /// The customer declines or chose someone else.
    static let lost = patterns([
        #"\b(decided|chose|chosen) to go with\b"#, #"\bwent with\b"#, #"\bnot interested\b"#, #"\balready signed\b"#,
        #"\bcommitted (for|to) \w+"#, #"\bwe (are|will) (not|never) (buy|switch|change)\b"#,
    ])
    /// A concrete next step: a day, a time, an invitation, a demo.
    static let nextStep = patterns([
        #"\b(monday|tuesday|wednesday|thursday|friday|tomorrow|next week)\b.{0,30}\b(works|at \w+|sound|good)\b"#,
        #"\b(send|sending) (me )?(the |an )?(invite|invitation|calendar)\b"#, #"\b(book|schedule|set up) (a |the )?(demo|meeting|call)\b"#,
        #"\bat (ten|eleven|noon|nine|two|three|four|\d{1,2})( ?(am|pm|o'clock))?\b.{0,20}\b(works|sounds good)\b"#,
        // A farewell that names the day of the next talk: "talk to you Tuesday".
        #"\b(talk|speak) to you,? (on )?(monday|tuesday|wednesday|thursday|friday|tomorrow|next week)\b"#,
    ])

    static func patterns(_ sources: [String]) -> [NSRegularExpression] {
        sources.map { try! NSRegularExpression(pattern: $0) }  // constants, checked by the tests
    }

    static func first(_ patterns: [NSRegularExpression], in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for pattern in patterns {
            if let match = pattern.firstMatch(in: text, range: range), let found = Range(match.range, in: text) {
                return String(text[found])
            }
        }
        return nil
    }
}
