/// The words and phrases the built-in analyzer listens for. Each list is one documented signal;
/// matching is on lower-case word sequences (see `PhraseSet`), `*` is any one word.
enum Lexicon {
    /// Filler words and hedges that carry no meaning ("um", "you know", "kind of").
    static let fillers = PhraseSet([
        "um", "uh", "uhm", "umm", "erm", "er", "ah", "hmm", "you know", "i mean", "kind of", "sort of", "basically",
        "literally", "like i said", "you know what i mean", "so yeah", "or whatever",
    ])

    /// Buzzwords and insider terms a buyer has to translate.
    static let jargon = PhraseSet([
        "synergy", "synergies", "leverage", "leverages", "leveraged", "leveraging", "paradigm", "bandwidth", "scalable",
        "scalability", "robust", "seamless", "seamlessly", "holistic", "best in class", "world class", "cutting edge",
        "next generation", "end to end", "turnkey", "circle back", "low hanging fruit", "move the needle", "value add",
        "omnichannel", "roi", "kpi", "kpis", "api", "apis", "saas", "sip", "voip", "pbx", "ucaas", "ecosystem",
        "disruptive", "game changer", "deep dive", "going forward", "touch base",
    ])

    /// Value language: what the customer gains.
    static let value = PhraseSet([
        "save", "saves", "saving", "savings", "less than", "lower", "reduce", "reduces", "cut", "faster", "easier",
        "no extra", "no setup", "included", "one bill", "one plan", "you can", "so you", "so your", "keep", "free",
        "instead", "help", "helps", "without", "leave any time", "month to month", "same price", "current price",
        "stay where", "no charge", "pay less", "an hour",
    ])

    /// Proof: other customers' results, references, typical outcomes.
    static let proof = PhraseSet([
        "customers", "clients", "teams like", "companies like", "your size", "on average", "usually", "typically",
        "case study", "reference", "references", "we've seen", "we have seen", "results", "proven", "most of our",
        "others in", "for example",
    ])

    /// The customer pushes back. Categories: price, timing, competitor, authority, risk, need.
    static let objections: [(category: String, phrases: PhraseSet)] = [
        (
            "price",
            PhraseSet([
                "expensive", "too much", "too high", "higher", "hard to justify", "can't afford", "cannot afford",
                "price was", "costs too", "over budget", "pricey", "overpriced", "cheaper",
            ])
        ),
        (
            "timing",
            PhraseSet([
                "not now", "next year", "next quarter", "frozen", "bad time", "not a good time", "too busy",
                "maybe later", "not the right time", "call me later",
            ])
        ),
        (
            "competitor",
            PhraseSet([
                "decided to go with", "go with", "went with", "already use", "already using", "already knows",
                "already signed", "another vendor", "other vendor", "competitor", "their system", "lower elsewhere",
            ])
        ),
        (
            "authority",
            PhraseSet([
                "not my decision", "my director", "my boss", "my manager", "buying decisions", "make the decisions",
                "make decisions", "decision maker", "need to ask", "run it by", "talk to my", "check with",
                "cannot promise", "can't promise",
            ])
        ),
        (
            "risk",
            PhraseSet([
                "my concern", "concern is", "concerned", "worried", "lock in", "burned", "risk", "not sure",
                "what would we lose", "what do we lose", "what's the catch",
            ])
        ),
        (
            "need",
            PhraseSet([
                "not interested", "we're fine", "we are fine", "don't need", "do not need", "happy with", "no need",
            ])
        ),
    ]

    /// The rep acknowledges what the customer said before answering.
    static let acknowledgements = PhraseSet([
        "i understand", "understood", "fair enough", "that's fair", "that is fair", "makes sense", "that makes sense",
        "i hear you", "good question", "i appreciate", "appreciate you", "i see", "that sounds", "no problem",
        "totally get", "i get that", "great question", "you're right", "you are right",
    ])

    /// The rep asks for the business or a step ("shall we go ahead", "can I send the agreement").
    static let asks = PhraseSet([
        "shall we", "should we", "can we", "could we", "would you like", "are you ready", "go ahead", "can i send",
        "could i send", "may i send", "would that be worth", "would it be alright", "how does * sound",
        "how does * * sound", "how does * * * sound", "does * work", "does * * work", "ready to", "want to start",
        "can i book", "can i schedule", "let's book", "let's schedule", "sign up", "get started", "would you be open",
    ])

    /// Next steps: an action the two sides will take.
    static let nextSteps = PhraseSet([
        "demo", "invite", "invitation", "meeting", "call you", "call back", "follow up", "send", "sending", "email",
        "overview", "agreement", "order", "proposal", "pilot", "check in", "checked in", "trial", "live by",
        "talk to you",
    ])

    /// Words that give a step a time.
    static let times = PhraseSet([
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "today", "tonight",
        "this afternoon", "this morning", "next week", "this week", "o'clock", "am", "pm", "noon", "end of day",
        "by monday", "by friday",
    ])

    /// The customer commits to something concrete.
    static let commitments = PhraseSet([
        "let's do it", "let's start", "let's go", "i will sign", "i'll sign", "we will sign", "we'll sign",
        "send it over", "send me the", "works for me", "that works", "that could work", "sounds good", "we'll take",
        "go ahead", "i'm in", "it's a deal", "yes let's", "book it", "count me in",
    ])

    /// Money and plan talk: the pricing moments of a call.
    static let pricing = PhraseSet([
        "price", "prices", "pricing", "priced", "cost", "costs", "dollars", "fee", "fees", "discount", "percent",
        "budget", "budgets", "per person", "a person", "a month", "per month", "tier", "quote", "charges", "pay",
        "paying", "expenses", "bill", "invoice",
    ])
}
