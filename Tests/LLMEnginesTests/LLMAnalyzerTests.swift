import Foundation
import LLM
import Scoring
import TestSupport
import Testing

@testable import LLMEngines

/// The LLM analyzer against the loopback OpenAI stand-in, answering from scripted replies written
/// against a real scripted call: what the model says is checked, and every failure degrades to the
/// built-in analysis.
@Suite struct LLMAnalyzerTests {
    /// The pricing call (Taylor), as the analyzer receives it.
    static func call() throws -> CallSlice {
        let transcript = ScriptedCall.transcript([try ScriptedCall.script("pricing-call")])
        return CallSlice.cut(
            transcript, from: 0, to: transcript.durationSeconds, prospectName: "Taylor", repName: "Alex")
    }

    /// A fresh scripted endpoint; tiny backoff, prices so cost is counted.
    static func analyzer(_ replies: [OpenAIStandIn.Reply], timeoutSeconds: Double = 20) async throws -> (
        LLMAnalyzer, String
    ) {
        let standIn = try OpenAIStandIn.shared()
        let base = standIn.baseURL(.scripted)
        try await standIn.script(base, replies)
        let endpoint = LLMEndpoint(
            baseURL: base, model: "standin-model", apiKey: OpenAIStandIn.apiKey, timeoutSeconds: timeoutSeconds,
            maxAttempts: 2,
            initialBackoffSeconds: 0.01, prices: LLMPrices(inputUSDPerMillionTokens: 3, outputUSDPerMillionTokens: 15))
        return (try LLMAnalyzer(client: try LLMClient(endpoint: endpoint), model: "standin-model"), base)
    }

    /// A whole, valid reply quoting the call's real words; `edit` changes it before it is sent.
    static func reply(_ call: CallSlice, edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        let rep = try #require(call.utterances.first { call.repSpeakers.contains($0.speaker ?? -1) }).transcript
        let customer = try #require(call.utterances.first { !call.repSpeakers.contains($0.speaker ?? -1) }).transcript
        let pillars = Analysis.Pillar.allCases.map(\.rawValue)
        var object: [String: Any] = [
            "prospect_name": "Taylor", "recording_title": "Taylor: pricing for a team of 12",
            "double_down": "Clarity: keep it plain", "ai_summary": "Taylor asked about pricing and agreed to a pilot.",
            "ai_summary_v5": "Clear, direct, closed on a pilot.",
            "scores": Dictionary(uniqueKeysWithValues: zip(pillars, [91, 72, 64, 58, 80, 88])),
            "feedback_v5": Dictionary(
                uniqueKeysWithValues: pillars.map {
                    ($0, ["positive": "At 0:00 the rep said “\(rep)”.", "negative": "Ask one more question."])
                }),
            "action_plan_v5": [
                "double_down_implementation": "Keep opening with the reason for the call.",
                "general_communication_improvement": "Quantify the gain.",
                "quoted_principle": "“\(customer)”: answer the customer's words.",
            ],
            "organization_prompt_summary": NSNull(), "organization_feedback": NSNull(),
            "moments": [["type": "pricing", "detail": "price", "quote": customer]],
            "evidence": [["pillar": "clarity", "quote": rep]],
        ]
        edit(&object)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func aGoodReplyIsTheAnalysisWithMeasuredFieldsFromTheBuiltInEngine() async throws {
        let call = try Self.call()
        let (analyzer, base) = try await Self.analyzer([.init(content: try Self.reply(call))])
        let outcome = try await analyzer.analyze(
            call, request: AnalysisRequest(promptOverrides: [.init(title: "Tone", content: "Be kind & brief")]))
        let analysis = outcome.analysis
        let builtIn = BuiltInAnalyzer().analyzeNow(call)
        let scores: [Int] = Analysis.Pillar.allCases.map { analysis.score($0) }
        #expect(scores == [91, 72, 64, 58, 80, 88])
        let measured = Analysis.Pillar.allCases.filter {
            !builtIn.synthesisSnapshot.unmeasuredPillars.contains($0.rawValue)
        }.map {
            analysis.score($0)
        }
        #expect(analysis.overallScore == Int((Double(measured.reduce(0, +)) / Double(measured.count)).rounded()))
        #expect(analysis.questionsAsked == builtIn.questionsAsked)
        #expect(analysis.wordsPerMinute == builtIn.wordsPerMinute)
        #expect(analysis.fillerWordCount == builtIn.fillerWordCount)
        #expect(analysis.recordingTitle == "Taylor: pricing for a team of 12")
        #expect(analysis.masterPromptID == "callsift-llm-analyze")
        #expect(analysis.masterPromptVersion.hasPrefix("1 (sha256:"))
        #expect(analysis.synthesisSnapshot.engine == "callsift-llm-analyzer")
        let details = try #require(analysis.synthesisSnapshot.details)
        #expect(
            details.fallback == nil && details.requests == 1 && details.quotesDropped == 0 && details.scoresClamped == 0
        )
        #expect(details.promptOverrides == [.init(title: "Tone", content: "Be kind & brief")])
        #expect(details.responseFormat == "json_schema")

        // The moment's time is where the words were said in the transcript.
        let moment = try #require(analysis.moments.first)
        let said = try #require(call.utterances.first { $0.transcript == moment.quote })
        #expect(abs(moment.startSeconds - said.start) < 0.001)
        #expect(analysis.evidence["clarity"]?.quotes.count == 1)

        #expect(outcome.usage.calls == 1 && outcome.usage.promptTokens > 0 && outcome.usage.completionTokens > 0)
        let cents =
            (Double(outcome.usage.promptTokens) * 3 + Double(outcome.usage.completionTokens) * 15) / 1_000_000 * 100
        #expect(abs(outcome.usage.costCents - cents) < 1e-9)

        // What was sent: the call's lines, the measurements and the overrides; never the key.
        let sent = try await OpenAIStandIn.shared().received(base)
        let user = try #require((sent.last?["messages"] as? [[String: String]])?.last?["content"])
        #expect(user.contains("Be kind & brief") && user.contains("\"questions_asked\""))
        #expect(user.contains(call.utterances[0].transcript))
        #expect(sent.responseFormat == [true])
        let json = String(decoding: try JSONEncoder().encode(analysis), as: UTF8.self)
        #expect(!json.contains(OpenAIStandIn.apiKey))
    }

    @Test func inventedQuotesAreDroppedAndScoresClamped() async throws {
        let call = try Self.call()
        let content = try Self.reply(call) { object in
            object["scores"] = [
                "clarity": 140, "influence": -12, "objection": 64, "discovery": 58, "delivery": 80, "close": 88,
            ]
            object["moments"] = [
                ["type": "commitment", "detail": "discount", "quote": "I guarantee a 90% discount forever"]
            ]
            var feedback = object["feedback_v5"] as! [String: [String: String]]
            feedback["close"]?["positive"] = "The rep said “sign today and it is free” at 0:40."
            object["feedback_v5"] = feedback
        }
        let (analyzer, _) = try await Self.analyzer([.init(content: content)])
        let analysis = try await analyzer.analyze(call, request: AnalysisRequest()).analysis
        let builtIn = BuiltInAnalyzer().analyzeNow(call)
        #expect(analysis.clarityScore == 100 && analysis.influenceScore == 0)
        #expect(analysis.moments.isEmpty, "the invented commitment is gone")
        #expect(
            analysis.feedbackV5.close.positive == builtIn.feedbackV5.close.positive,
            "a feedback whose quote is invented is the built-in one")
        let details = try #require(analysis.synthesisSnapshot.details)
        #expect(details.quotesDropped == 2 && details.scoresClamped == 2 && details.fallback == nil)
    }

    @Test func fencedAndPartlyBrokenRepliesAreRepairedOnce() async throws {
        let call = try Self.call()
        let good = try Self.reply(call)
        // A fence around prose is read as is; a truncated reply gets one repair request.
        let (fenced, _) = try await Self.analyzer([.init(content: "Here it is:\n```json\n\(good)\n```\nThanks.")])
        #expect(
            try await fenced.analyze(call, request: AnalysisRequest()).analysis.synthesisSnapshot.details?.requests == 1
        )

        let (truncated, base) = try await Self.analyzer([
            .init(content: String(good.prefix(200)), finishReason: "length"), .init(content: good),
        ])
        let outcome = try await truncated.analyze(call, request: AnalysisRequest())
        #expect(outcome.analysis.synthesisSnapshot.details?.fallback == nil)
        #expect(outcome.analysis.synthesisSnapshot.details?.requests == 2)
        #expect(outcome.usage.calls == 2)
        let repair = try #require(
            try await OpenAIStandIn.shared().received(base).last?["messages"] as? [[String: String]])
        #expect(repair.map { $0["role"] } == ["system", "user", "assistant", "user"])

        let missing = try Self.reply(call) { $0["scores"] = ["clarity": 90] }
        let (incomplete, _) = try await Self.analyzer([.init(content: missing), .init(content: good)])
        #expect(
            try await incomplete.analyze(call, request: AnalysisRequest()).analysis.clarityScore == 91,
            "the repaired reply"
        )
    }

    @Test func everyFailureFallsBackToTheBuiltInAnalysis() async throws {
        let call = try Self.call()
        let builtIn = BuiltInAnalyzer().analyzeNow(call)
        // Only the timeout case has a short timeout: on a busy machine a 1 s limit could turn the
        // others into timeouts too.
        let cases: [([OpenAIStandIn.Reply], String, Double)] = [
            ([.init(content: "I cannot help with that.")], "llm_invalid_json", 30),
            ([.init(content: "{\"scores\": {\"clarity\": 9", finishReason: "length")], "llm_truncated_json", 30),
            ([.init(status: 500, content: "overloaded")], "llm_http_status", 30),
            ([.init(content: "{}", delaySeconds: 3)], "llm_timeout", 1),
        ]
        for (replies, code, timeout) in cases {
            let (analyzer, _) = try await Self.analyzer(replies, timeoutSeconds: timeout)
            let outcome = try await analyzer.analyze(call, request: AnalysisRequest())
            var analysis = outcome.analysis
            let details = try #require(analysis.synthesisSnapshot.details, "\(code)")
            #expect(details.fallback == "builtin" && details.fallbackReason == code, "\(code): \(details)")
            analysis.synthesisSnapshot.details = nil
            #expect(analysis == builtIn, "\(code): the built-in result, unchanged")
            #expect(outcome.usage.calls + outcome.usage.failedCalls >= 1)
        }
    }

    @Test func aRateLimitIsWaitedOut() async throws {
        let call = try Self.call()
        let (analyzer, base) = try await Self.analyzer([
            .init(status: 429, content: "slow down", headers: ["Retry-After": "0"]),
            .init(content: try Self.reply(call)),
        ])
        let analysis = try await analyzer.analyze(call, request: AnalysisRequest()).analysis
        #expect(analysis.synthesisSnapshot.details?.fallback == nil)
        #expect(try await OpenAIStandIn.shared().received(base).requests == 2)
    }

    /// A call in a language the built-in word lists do not know has no honest stand-in: when the
    /// model's reply cannot be used, the analysis fails with the reason, and what the calls took is
    /// kept for the bill.
    @Test func aCallInAnotherLanguageIsNotGivenEnglishScoresWhenTheModelFails() async throws {
        var call = try Self.call()
        call.language = "es"
        let (analyzer, base) = try await Self.analyzer([.init(content: "Lo siento, no puedo.")])
        await #expect(throws: LanguageUnsupported.self) {
            _ = try await analyzer.analyze(call, request: AnalysisRequest())
        }
        do {
            _ = try await analyzer.analyze(call, request: AnalysisRequest())
        } catch let error as LanguageUnsupported {
            #expect(error.modelFailure == "llm_invalid_json" && error.usage.calls == 2)
            #expect(error.message.hasPrefix("the model's reply could not be used (llm_invalid_json), and the built-in"))
        }
        // Each request is capped, so a model that never closes its JSON cannot hold the server.
        let body = try #require(try await OpenAIStandIn.shared().received(base).last)
        #expect(body["max_tokens"] as? Int == 2048)
    }
}
