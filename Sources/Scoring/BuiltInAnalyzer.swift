import Core
import Transcripts

/// The embedded analyzer: every score is computed from the transcript (and the audio's pitch when
/// measured) by the formulas documented on `Clarity`, `Influence`, `ObjectionHandling`,
/// `Discovery`, `Delivery` and `Close`; every piece of feedback quotes this call with timestamps.
///
/// `overall_score` is the mean of the measured pillars, rounded. Same input, same bytes out: no
/// clock, no randomness, ties broken by pillar order and time.
public struct BuiltInAnalyzer: ConversationAnalyzer {
    public let name = "callsift-builtin-v5"
    public static let version = "1.0"

    public init() {}

    /// Fails with `language_unsupported` for a call in a language its word lists do not know:
    /// no score is computed from English word lists on other words.
    public func analyze(_ call: CallSlice, playbook: PlaybookResolution?) async throws -> Analysis {
        if let language = call.language, !LanguageCode.hasBuiltInCues(language) {
            throw LanguageUnsupported(language: language)
        }
        return analyzeNow(call, playbook: playbook)
    }

    /// The same, synchronously: it neither waits nor fails.
    public func analyzeNow(_ call: CallSlice, playbook: PlaybookResolution? = nil) -> Analysis {
        let facts = CallFacts(call)
        let results: [(Analysis.Pillar, PillarResult)] = [
            (.clarity, Clarity.score(facts)), (.influence, Influence.score(facts)),
            (.objection, ObjectionHandling.score(facts)),
            (.discovery, Discovery.score(facts)), (.delivery, Delivery.score(facts)), (.close, Close.score(facts)),
        ]
        let measured = results.filter { $0.1.measured }
        let overall =
            measured.isEmpty
            ? 0 : Int((Double(measured.reduce(0) { $0 + $1.1.rounded }) / Double(measured.count)).rounded())
        // Strongest and weakest among measured pillars (`Analysis.Pillar.extremes`: ties go to what
        // the rep did over how they sounded).
        let extremes = Analysis.Pillar.extremes(measured.map { ($0.0, $0.1.rounded) })
        let strongest = measured.first { $0.0 == extremes?.strongest } ?? results[0]
        let weakest = measured.first { $0.0 == extremes?.weakest } ?? results[0]
        func pair(_ pillar: Analysis.Pillar) -> FeedbackV5.Pair {
            let result = results.first { $0.0 == pillar }!.1
            return FeedbackV5.Pair(positive: result.positive, negative: result.negative)
        }
        func score(_ pillar: Analysis.Pillar) -> Int { results.first { $0.0 == pillar }!.1.rounded }

        let report = playbook.map {
            PlaybookCheck.check($0.playbook, utterances: call.utterances, repSpeakers: call.repSpeakers)
        }
        let clarity = results[0].1
        let delivery = results[4].1
        return Analysis(
            prospectName: call.prospectName,
            recordingTitle: Self.title(facts),
            doubleDown: "\(strongest.0.rawValue.capitalizedFirst) (\(strongest.1.rounded)): \(strongest.1.keep)",
            aiSummary: Self.summary(facts),
            aiSummaryV5: Self.pillarSummary(results, overall: overall, strongest: strongest, weakest: weakest),
            questionsAsked: facts.questions.count,
            fillerWordCount: Int(clarity.measures["filler_words"] ?? 0),
            wordsPerMinute: Int((delivery.measures["words_per_minute"] ?? 0).rounded()),
            overallScore: overall,
            clarityScore: score(.clarity), influenceScore: score(.influence), objectionScore: score(.objection),
            discoveryScore: score(.discovery), deliveryScore: score(.delivery), closeScore: score(.close),
            feedbackV5: FeedbackV5(
                clarity: pair(.clarity), influence: pair(.influence), objection: pair(.objection),
                discovery: pair(.discovery),
                delivery: pair(.delivery), close: pair(.close)),
            actionPlanV5: Self.actionPlan(facts, results: results, strongest: strongest, weakest: weakest),
            organizationPromptSummary: report?.organizationPromptSummary,
            organizationFeedback: report?.organizationFeedback,
            masterPromptID: name, masterPromptVersion: Self.version,
            personaSnapshot: Analysis.PersonaSnapshot(
                repName: call.repName, repSpeakers: call.repSpeakers.sorted(), repInferred: call.repInferred,
                prospectName: call.prospectName),
            synthesisSnapshot: Analysis.SynthesisSnapshot(
                engine: name, startSeconds: Quote.rounded(call.startSeconds),
                endSeconds: Quote.rounded(call.endSeconds),
                sentences: facts.sentences.count, playbookID: playbook?.playbook.id,
                playbookVia: playbook?.via.rawValue,
                unmeasuredPillars: results.filter { !$0.1.measured }.map(\.0.rawValue)),
            moments: Self.moments(facts),
            evidence: Dictionary(uniqueKeysWithValues: results.map { ($0.0.rawValue, $0.1.evidence()) }),
            timeline: ConversationTimeline(facts))
    }

    static let principles: [Analysis.Pillar: String] = [
        .clarity: "one idea per sentence, in the buyer's words",
        .influence: "lead with what the customer gains, then prove it",
        .objection: "acknowledge the concern, ask what is behind it, then answer it",
        .discovery: "diagnose before you prescribe: the customer's words first",
        .delivery: "let the customer finish, then speak at a pace they can follow",
        .close: "end every call with a clear ask tied to a date",
    ]

    static func actionPlan(
        _ facts: CallFacts, results: [(Analysis.Pillar, PillarResult)], strongest: (Analysis.Pillar, PillarResult),
        weakest: (Analysis.Pillar, PillarResult)
    ) -> ActionPlanV5 {
        let weakText = weakest.1.change.isEmpty ? weakest.1.negative : "\(weakest.1.negative) \(weakest.1.change)"
        // The rep's own line that best shows the strongest pillar (then the next strongest).
        let ranked = results.filter { $0.1.measured }.sorted { $0.1.rounded > $1.1.rounded }
        // A whole thought (six words or more) where there is one: "Fair enough." alone teaches nothing.
        let line = ranked.lazy.compactMap { pillar in
            (pillar.1.quotes.first { $0.fromRep && $0.tokens.count >= 6 } ?? pillar.1.quotes.first(where: \.fromRep))
                .map { (pillar.0, $0) }
        }.first
        let principle =
            line.map { "“\(Quote($0.1).text)” (\(Quote($0.1).timestamp)): \(principles[$0.0]!)." }
            ?? "The rep did not speak in this conversation."
        return ActionPlanV5(
            doubleDownImplementation:
                "\(strongest.0.rawValue.capitalizedFirst) is the strongest pillar (\(strongest.1.rounded)). \(strongest.1.keep)",
            generalCommunicationImprovement:
                "\(weakest.0.rawValue.capitalizedFirst) is the weakest pillar (\(weakest.1.rounded)). \(weakText)",
            quotedPrinciple: principle)
    }

    static func pillarSummary(
        _ results: [(Analysis.Pillar, PillarResult)], overall: Int, strongest: (Analysis.Pillar, PillarResult),
        weakest: (Analysis.Pillar, PillarResult)
    ) -> String {
        let scores = results.map { "\($0.0.rawValue) \($0.1.rounded)\($0.1.measured ? "" : " (not measured)")" }.joined(
            separator: ", ")
        return "Overall \(overall)/100 (\(scores)). Strongest: \(strongest.0.rawValue), \(strongest.1.positive) "
            + "Weakest: \(weakest.0.rawValue), \(weakest.1.negative)"
    }

    /// Extractive: who, how long, the customer's first substantial line, objections, step, commitment.
    static func summary(_ facts: CallFacts) -> String {
        let call = facts.slice
        let rep = call.repName.map { "\($0) (rep)" } ?? "The rep"
        var text =
            "\(rep) with \(call.prospectName ?? "a customer"), \(Quote.clock(call.startSeconds))–\(Quote.clock(call.endSeconds))."
        if let need = facts.customer.first(where: { $0.tokens.count >= 6 }) {
            text += " The customer: “\(Quote(need).text)” (\(Quote(need).timestamp))."
        }
        if !facts.objections.isEmpty {
            text +=
                " Objections: "
                + facts.objections.map {
                    "\($0.categories.joined(separator: "/")) at \(Quote($0.sentences[0]).timestamp)"
                }.joined(separator: ", ")
                + "."
        }
        if let step = facts.timedSteps.last ?? facts.steps.last {
            text += " Next step: “\(Quote(step).text)” (\(Quote(step).timestamp))."
        }
        if let commitment = facts.commitments.last {
            text += " Commitment: “\(Quote(commitment).text)” (\(Quote(commitment).timestamp))."
        }
        return text
    }

    /// "Call with Jordan: risk objection, demo (tuesday), customer committed": who, and what happened.
    static func title(_ facts: CallFacts) -> String {
        var parts: [String] = []
        let categories = facts.objections.flatMap(\.categories).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        if !categories.isEmpty {
            parts.append(categories.joined(separator: "/") + " objection" + (facts.objections.count > 1 ? "s" : ""))
        }
        if let step = facts.timedSteps.last ?? facts.steps.last {
            let turn = facts.sentences.filter { $0.turn == step.turn }.flatMap(\.tokens)
            let what = Lexicon.nextSteps.firstMatch(in: step.tokens) ?? "next step"
            parts.append(what + (Lexicon.times.firstMatch(in: turn).map { " (\($0))" } ?? ""))
        } else if !facts.pricing.isEmpty {
            parts.append("pricing")
        }
        if !facts.commitments.isEmpty { parts.append("customer committed") }
        let who = facts.slice.prospectName.map { "Call with \($0)" } ?? "Call"
        return parts.isEmpty ? who : "\(who): \(parts.joined(separator: ", "))"
    }

    static func moments(_ facts: CallFacts) -> [Moment] {
        var moments: [Moment] = facts.objections.map {
            Moment(.objection, detail: $0.categories.joined(separator: "/"), sentence: $0.sentences[0])
        }
        var pricedTurns = Set<Int>()
        for sentence in facts.pricing where pricedTurns.insert(sentence.turn).inserted {
            moments.append(
                Moment(.pricing, detail: Lexicon.pricing.firstMatch(in: sentence.tokens) ?? "", sentence: sentence))
        }
        let timed = Set(facts.timedSteps.map(\.turn))
        for step in facts.steps {
            moments.append(
                Moment(
                    .nextStep,
                    detail: (Lexicon.nextSteps.firstMatch(in: step.tokens) ?? "")
                        + (timed.contains(step.turn) ? ", dated" : ", no date"),
                    sentence: step))
        }
        for commitment in facts.commitments {
            let cue =
                Lexicon.commitments.firstMatch(in: commitment.tokens) ?? Lexicon.times.firstMatch(in: commitment.tokens)
                .map { "\($0) works" } ?? ""
            moments.append(Moment(.commitment, detail: cue, sentence: commitment))
        }
        let order: [Moment.Kind] = [.objection, .pricing, .nextStep, .commitment]
        return moments.sorted {
            ($0.startSeconds, order.firstIndex(of: $0.type)!) < ($1.startSeconds, order.firstIndex(of: $1.type)!)
        }
    }
}

/// The built-in analyzer was given a call in a language it has no word lists for: directly, or as
/// the stand-in for a model whose reply could not be used.
public struct LanguageUnsupported: CodedError, Equatable {
    public var language: String
    /// The model's failure (an LLM error code) when the built-in analyzer was the fallback.
    public var modelFailure: String?
    /// What the model's calls took before it failed: billed all the same.
    public var usage: Usage
    public var code: String { "language_unsupported" }

    public init(language: String, modelFailure: String? = nil, usage: Usage = .zero) {
        self.language = language
        self.modelFailure = modelFailure
        self.usage = usage
    }

    public var message: String {
        (modelFailure.map { "the model's reply could not be used (\($0)), and " } ?? "")
            + LanguageCode.noCuesReason(language, stage: "analyzer")
    }

    public var details: [String: String] {
        var details = ["language": language]
        details["model_failure"] = modelFailure
        return details
    }
}
