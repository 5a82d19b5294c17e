import Core
import Foundation
import LLM
import Scoring
import Transcripts

/// The analysis API's analysis written by a model on an OpenAI-compatible endpoint, held to what the
/// built-in analysis can check:
///
/// - the measured fields (questions asked, fillers, words per minute, talk share) always come from
///   the built-in measurement, never from the model;
/// - scores are clamped to 0–100 (and counted); `overall_score` is the mean of the pillars the
///   built-in analysis found measurable, rounded, as for the built-in engine;
/// - every quote (moments, evidence, and the “quoted” words inside feedback) must occur in the
///   transcript: a moment or evidence quote that does not is dropped, a text whose quotes do not
///   hold is replaced by the built-in text; times come from the transcript, not the model;
/// - a reply that is not valid JSON, or misses fields, gets one repair request; after that, or on
///   a timeout or HTTP failure, the built-in analysis stands in with `details.fallback: builtin`.
///   A flaky model never fails a recording.
public struct LLMAnalyzer: ConversationAnalyzer {
    public let name = "callsift-llm-analyzer"
    public let prompt: PromptFile
    let client: LLMClient
    let model: String
    let builtIn = BuiltInAnalyzer()
    /// `max_tokens` of each request. An analysis reply is 400–800 tokens; without a limit a small
    /// model held to a JSON grammar can write one string until the context is full (minutes of a
    /// local server's time, seen with Gemma 3 270M), which the limit turns into a truncated reply,
    /// repaired once and else replaced by the built-in analysis.
    public var maxTokens: Int = 2048

    public init(client: LLMClient, model: String) throws(LLMEngineError) {
        self.client = client
        self.model = model
        prompt = try PromptFile.load("analyze")
    }

    public func analyze(_ call: CallSlice, playbook: PlaybookResolution?) async throws -> Analysis {
        try await analyze(call, request: AnalysisRequest(playbook: playbook)).analysis
    }

    /// Throws only `LanguageUnsupported`: when the model's reply cannot be used for a call in a
    /// language the built-in analyzer has no word lists for, there is nothing honest to fall back to.
    public func analyze(_ call: CallSlice, request: AnalysisRequest) async throws -> AnalysisOutcome {
        let base = builtIn.analyzeNow(call, playbook: request.playbook)
        let measurements = Self.measurements(base)
        var usage = Usage.zero
        var details = EngineDetails(
            model: model, promptID: prompt.id, promptVersion: prompt.version,
            responseFormat: client.responseFormat.rawValue,
            playbookID: request.playbook?.playbook.id, promptOverrides: request.promptOverrides,
            measurementsSent: measurements, requests: 0)
        var messages: [ChatMessage] = [
            .system(prompt.text), .user(Self.payload(call, request: request, measurements: measurements)),
        ]
        var failure = "llm_invalid_json"
        for attempt in 0..<2 {
            details.requests += 1
            let response: ChatResponse
            do {
                response = try await client.complete(
                    ChatRequest(messages: messages, maxTokens: maxTokens, responseSchema: Self.schema))
            } catch {
                usage += .of(error)
                failure = error.code
                break
            }
            usage += .of(response)
            details.responseFormat = response.responseFormat.rawValue
            let problem: String
            do {
                let reply = try JSONExtraction.decode(AnalyzerReply.self, from: response.content, decoder: Self.decoder)
                if let missing = reply.problem {
                    problem = missing
                    failure = "llm_invalid_reply"
                } else {
                    return AnalysisOutcome(
                        analysis: merge(reply, into: base, call: call, details: details), usage: usage)
                }
            } catch {
                problem = error.message
                failure = error.code
            }
            guard attempt == 0 else { break }
            // One repair: the model sees its own answer and what was wrong with it.
            messages += [
                .assistant(response.content),
                .user(
                    "That reply could not be used: \(problem). Answer again with only the complete JSON object for the schema."
                ),
            ]
        }
        if let language = call.language, !LanguageCode.hasBuiltInCues(language) {
            throw LanguageUnsupported(language: language, modelFailure: failure, usage: usage)
        }
        details.fallback = "builtin"
        details.fallbackReason = failure
        var fallback = base
        fallback.synthesisSnapshot.details = details
        return AnalysisOutcome(analysis: fallback, usage: usage)
    }

    /// The model's judgement on top of the built-in measurement, every quote checked.
    func merge(_ reply: AnalyzerReply, into base: Analysis, call: CallSlice, details: EngineDetails) -> Analysis {
        var analysis = base
        var details = details
        let check = QuoteCheck(call)
        // An empty text is replaced too, but only an invented quote counts as dropped.
        func checked(_ text: String, else fallback: String) -> String {
            if text.isEmpty { return fallback }
            if check.quotesHold(in: text) { return text }
            details.quotesDropped += 1
            return fallback
        }

        var overall: [Int] = []
        let unmeasured = Set(base.synthesisSnapshot.unmeasuredPillars)
        for pillar in Analysis.Pillar.allCases {
            let raw = reply.scores[pillar.rawValue] ?? Double(base.score(pillar))
            let score = Int(min(max(raw, 0), 100).rounded())
            if raw < 0 || raw > 100 { details.scoresClamped += 1 }
            analysis.setScore(pillar, score)
            if !unmeasured.contains(pillar.rawValue) { overall.append(score) }
            let fallback = base.feedbackV5.pair(pillar)
            let pair = reply.feedbackV5[pillar.rawValue]
            analysis.feedbackV5.setPair(
                pillar,
                FeedbackV5.Pair(
                    positive: checked(pair?.positive ?? "", else: fallback.positive),
                    negative: checked(pair?.negative ?? "", else: fallback.negative)
                ))
        }
        analysis.overallScore =
            overall.isEmpty ? 0 : Int((Double(overall.reduce(0, +)) / Double(overall.count)).rounded())

        analysis.prospectName = reply.prospectName ?? base.prospectName
        analysis.recordingTitle = checked(reply.recordingTitle, else: base.recordingTitle)
        analysis.doubleDown = checked(reply.doubleDown, else: base.doubleDown)
        analysis.aiSummary = checked(reply.aiSummary, else: base.aiSummary)
        analysis.aiSummaryV5 = checked(reply.aiSummaryV5, else: base.aiSummaryV5)
        analysis.actionPlanV5.doubleDownImplementation = checked(
            reply.actionPlanV5.doubleDownImplementation, else: base.actionPlanV5.doubleDownImplementation)
        analysis.actionPlanV5.generalCommunicationImprovement = checked(
            reply.actionPlanV5.generalCommunicationImprovement, else: base.actionPlanV5.generalCommunicationImprovement)
        analysis.actionPlanV5.quotedPrinciple = checked(
            reply.actionPlanV5.quotedPrinciple, else: base.actionPlanV5.quotedPrinciple)
        if hasPlaybook(base) {
            analysis.organizationPromptSummary =
                reply.organizationPromptSummary.map { checked($0, else: base.organizationPromptSummary ?? "") }
                ?? base.organizationPromptSummary
            analysis.organizationFeedback =
                reply.organizationFeedback.map { checked($0, else: base.organizationFeedback ?? "") }
                ?? base.organizationFeedback
        }

        // Moments and evidence only where the quote is found; the time is where it was said.
        var moments: [Moment] = []
        for moment in reply.moments {
            guard let kind = Moment.Kind(rawValue: moment.type), let quote = check.locate(moment.quote) else {
                details.quotesDropped += 1
                continue
            }
            let located = Moment(kind, detail: moment.detail ?? "", quote: quote)
            if !moments.contains(located) { moments.append(located) }
        }
        analysis.moments = moments.sorted { ($0.startSeconds, $0.type.rawValue) < ($1.startSeconds, $1.type.rawValue) }
        var quotes: [String: [Quote]] = [:]
        for item in reply.evidence ?? [] {
            guard Analysis.Pillar(rawValue: item.pillar) != nil, let quote = check.locate(item.quote) else {
                details.quotesDropped += 1
                continue
            }
            quotes[item.pillar, default: []].append(quote)
        }
        for pillar in Analysis.Pillar.allCases {
            let measured = base.evidence[pillar.rawValue]
            analysis.evidence[pillar.rawValue] = PillarEvidence(
                score: analysis.score(pillar), measured: measured?.measured ?? true,
                formula: "judged by \(model) with prompt \(prompt.id) \(prompt.version); measures from \(builtIn.name)",
                measures: measured?.measures ?? [:], quotes: quotes[pillar.rawValue] ?? [])
        }
        analysis.masterPromptID = prompt.id
        analysis.masterPromptVersion = prompt.version
        analysis.synthesisSnapshot.engine = name
        analysis.synthesisSnapshot.details = details
        return analysis
    }

    /// A playbook was resolved for this call (the org fields are the playbook's).
    private func hasPlaybook(_ base: Analysis) -> Bool { base.synthesisSnapshot.playbookID != nil }

    /// What the model is told was measured: the same numbers the analysis will carry.
    static func measurements(_ base: Analysis) -> [String: Double] {
        var sent: [String: Double] = [
            "questions_asked": Double(base.questionsAsked), "filler_word_count": Double(base.fillerWordCount),
            "words_per_minute": Double(base.wordsPerMinute),
        ]
        if let share = base.evidence[Analysis.Pillar.discovery.rawValue]?.measures["rep_talk_share"] {
            sent["rep_talk_share"] = share
        }
        return sent
    }

    /// The user message: the call's lines with times and roles, the measurements, the playbook and
    /// the overrides, as one JSON object.
    static func payload(_ call: CallSlice, request: AnalysisRequest, measurements: [String: Double]) -> String {
        struct PlaybookPayload: Encodable {
            var id: String
            var name: String
            var talkingPoints: [String]
            var requiredQuestions: [String]
        }
        struct Payload: Encodable {
            var transcript: [String]
            var measurements: [String: Double]
            var repName: String?
            var prospectName: String?
            var playbook: PlaybookPayload?
            var promptOverrides: [PromptOverride]
        }
        let lines = call.utterances.map { utterance in
            "\(Quote.clock(utterance.start)) \(call.repSpeakers.contains(utterance.speaker ?? 0) ? "rep" : "customer"): \(utterance.transcript)"
        }
        let payload = Payload(
            transcript: lines, measurements: measurements, repName: call.repName, prospectName: call.prospectName,
            playbook: request.playbook.map {
                PlaybookPayload(
                    id: $0.playbook.id, name: $0.playbook.name, talkingPoints: $0.playbook.talkingPoints,
                    requiredQuestions: $0.playbook.requiredQuestions)
            }, promptOverrides: request.promptOverrides)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    // The schema is a constant of this file: it parses, or the tests fail.
    static let schema = try? ResponseSchema(name: "callsift_analysis", schemaJSON: AnalyzerReply.schema)
}
