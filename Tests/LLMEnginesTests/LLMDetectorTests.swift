import Conversations
import Core
import Foundation
import LLM
import TestSupport
import Testing
import Transcripts

@testable import LLMEngines

/// The LLM detector against `openai_standin.py`, with scripted replies written from the scripted
/// workday's known call boundaries.
@Suite struct LLMDetectorTests {
    /// One scripted conversation of a transcript: its utterances and what its script's header says.
    struct Call {
        var name: String
        var utterances: ClosedRange<Int>
        var kind: String
        var customer: String?
        var outcome: String
    }

    /// Two sales calls, internal chatter between them, a voicemail, and a third call.
    static let day = ["discovery-call", "internal-chatter", "competitor-call", "voicemail", "pricing-call"]

    /// The transcript of `names` one after the other, and where each lies in it.
    static func transcript(_ names: [String]) throws -> (Transcript, [Call]) {
        let scripts = try names.map(ScriptedCall.script)
        var calls: [Call] = []
        var next = 0
        for (name, lines) in zip(names, scripts) {
            let count = ScriptedCall.utterances(lines).count
            func header(_ key: String) -> String? {
                lines.first { $0.hasPrefix("# \(key): ") }.map { String($0.dropFirst(key.count + 4)) }
            }
            calls.append(
                Call(
                    name: name, utterances: next...(next + count - 1), kind: header("kind") ?? "internal",
                    customer: header("customer"),
                    outcome: header("outcome") ?? "no_decision"))
            next += count
        }
        return (ScriptedCall.transcript(scripts), calls)
    }

    static func endpoint(
        _ scenario: OpenAIStandIn.Scenario = .scripted, timeoutSeconds: Double = 20, maxConcurrency: Int = 4,
        maxAttempts: Int = 3
    ) throws -> LLMEndpoint {
        LLMEndpoint(
            baseURL: try OpenAIStandIn.shared().baseURL(scenario), model: "standin-model", apiKey: OpenAIStandIn.apiKey,
            timeoutSeconds: timeoutSeconds, maxConcurrency: maxConcurrency, maxAttempts: maxAttempts,
            initialBackoffSeconds: 0.01)
    }

    /// A detector on `endpoint` whose replies are `replies`, in order.
    static func detector(_ endpoint: LLMEndpoint, _ replies: [OpenAIStandIn.Reply], maxUtterancesPerWindow: Int = 400)
        async throws -> LLMDetector
    {
        try await OpenAIStandIn.shared().script(endpoint.baseURL, replies)
        return try LLMDetector(client: LLMClient(endpoint: endpoint), maxUtterancesPerWindow: maxUtterancesPerWindow)
    }

    /// A segment as the model writes it; `first`/`last` default to the call's own utterances.
    static func item(_ call: Call, first: Int? = nil, last: Int? = nil, confidence: Any) -> [String: Any] {
        [
            "start_utterance": first ?? call.utterances.lowerBound, "end_utterance": last ?? call.utterances.upperBound,
            "customer_name": call.kind == "internal" ? NSNull() : (call.customer.map { $0 as Any } ?? NSNull()),
            "rep_name": "Alex",
            "kind": call.kind, "detected_outcome": call.outcome, "confidence": confidence,
            "summary": "Alex (rep) with \(call.customer ?? "a colleague"): the \(call.name).",
        ]
    }

    static func reply(_ items: [[String: Any]]) -> String {
        String(
            decoding: try! JSONSerialization.data(withJSONObject: ["segments": items], options: [.sortedKeys]),
            as: UTF8.self)
    }

    /// Confidences that put the three sales calls in each status.
    static func goodReply(_ calls: [Call]) -> String {
        reply([
            item(calls[0], confidence: 0.95), item(calls[1], confidence: 0.2), item(calls[2], confidence: 0.7),
            item(calls[3], confidence: 0.3), item(calls[4], confidence: 0.4),
        ])
    }

    /// The good reply's segments, checked field by field.
    static func expectGoodSegments(_ segments: [ConversationSegment], _ transcript: Transcript, _ calls: [Call]) {
        let utterances = transcript.utterances
        #expect(segments.count == 5)
        guard segments.count == 5 else { return }
        for (segment, call) in zip(segments, calls) {
            #expect(segment.startSeconds == utterances[call.utterances.lowerBound].start, "\(call.name)")
            #expect(segment.endSeconds == utterances[call.utterances.upperBound].end, "\(call.name)")
            #expect(segment.kind.rawValue == call.kind)
            #expect(segment.isSalesConversation == (call.kind == "sales"))
            #expect(segment.repName == "Alex")
            #expect(!segment.summary.isEmpty)
        }
        #expect(segments.map(\.status) == [.analyzed, .skipped, .needsReview, .skipped, .skipped])
        #expect(segments.map(\.confidence) == [0.95, 0.2, 0.7, 0.3, 0.4])
        #expect(segments.map(\.customerName) == ["Jordan", nil, "Priya", "Dana", "Taylor"])
        #expect(segments.map(\.detectedOutcome) == [.ongoing, .noDecision, .lost, .noDecision, .won])
        #expect(
            segments.allSatisfy { $0.signals.first?.hasPrefix("llm: callsift-llm-detect 1 (sha256:") == true },
            "\(segments[0].signals)")
    }

    /// A small model fills the name fields with plausible names: one said nowhere is dropped, the
    /// summary that repeats it is replaced, and the segment says so.
    @Test func namesNobodySaidAreDropped() async throws {
        let (transcript, calls) = try Self.transcript(["pricing-call"])
        var invented = Self.item(calls[0], confidence: 0.9)
        invented["customer_name"] = "Zebulon"
        invented["rep_name"] = "Quentin"
        invented["summary"] = "Quentin sold Zebulon a plan."
        let detector = try await Self.detector(try Self.endpoint(), [.init(content: Self.reply([invented]))])
        let segment = try #require(await detector.detect(transcript, options: .init()).segments.first)
        #expect(segment.customerName == nil && segment.repName == nil)
        #expect(!segment.summary.contains("Zebulon") && !segment.summary.contains("Quentin"), "\(segment.summary)")
        #expect(segment.signals.contains("llm: the customer name “Zebulon” is said nowhere in the span: dropped"))
        #expect(segment.signals.contains("llm: the rep name “Quentin” is said nowhere in the recording: dropped"))
        // The names the call says stand.
        let heard = try await Self.detector(
            try Self.endpoint(), [.init(content: Self.reply([Self.item(calls[0], confidence: 0.9)]))])
        let kept = try #require(await heard.detect(transcript, options: .init()).segments.first)
        #expect(kept.customerName == "Taylor" && kept.repName == "Alex")
    }

    @Test func goodJSONGivesExactTimesAndStatusesByConfidence() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        let endpoint = try Self.endpoint()
        let detector = try await Self.detector(endpoint, [.init(content: Self.goodReply(calls))])
        #expect(detector.name == "callsift-llm-detector")
        #expect(detector.prompt.id == "callsift-llm-detect")
        let outcome = await detector.detect(transcript, options: .init())
        #expect(outcome.fallback == nil)
        Self.expectGoodSegments(outcome.segments, transcript, calls)
        #expect(outcome.segments.allSatisfy { $0.signals.count == 2 }, "nothing repaired: the prompt and the span")
        #expect(outcome.usage.calls == 1)
        #expect(outcome.usage.failedCalls == 0)
        #expect(outcome.usage.promptTokens > 1000)
        #expect(outcome.usage.completionTokens > 50)

        // What was sent: the prompt, then the window's compacted lines with its place in the recording.
        let received = try await OpenAIStandIn.shared().received(endpoint.baseURL)
        #expect(received.requests == 1)
        #expect(received.responseFormat == [true])
        let body = try #require(received.last)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        #expect(messages.first?["content"] == detector.prompt.text)
        let user = messages.last?["content"] ?? ""
        #expect(user.contains("[0] 0:00–0:"))
        #expect(user.contains("S0(rep): Hi, this is Alex from Northwind Telecom. Am I speaking with Jordan?"))
        #expect(user.contains("S1(customer): Yes, this is Jordan."))
        #expect(user.contains("utterances [0] to [\(calls[4].utterances.upperBound)]"))
        let format = try #require(body["response_format"] as? [String: Any])
        #expect((format["json_schema"] as? [String: Any])?["name"] as? String == "conversation_segments")
    }

    @Test func jsonInACodeFenceIsRead() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        let fenced =
            "Here are the conversations I found:\n```json\n\(Self.goodReply(calls))\n```\nLet me know if you need more."
        let outcome = try await Self.detector(Self.endpoint(), [.init(content: fenced)]).detect(
            transcript, options: .init())
        #expect(outcome.fallback == nil)
        Self.expectGoodSegments(outcome.segments, transcript, calls)
        #expect(outcome.usage.calls == 1)
    }

    @Test func aTruncatedReplyIsRepairedByOneRetry() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        let good = Self.goodReply(calls)
        let endpoint = try Self.endpoint()
        let detector = try await Self.detector(
            endpoint,
            [.init(content: String(good.prefix(good.count / 2)), finishReason: "length"), .init(content: good)])
        let outcome = await detector.detect(transcript, options: .init())
        #expect(outcome.fallback == nil)
        Self.expectGoodSegments(outcome.segments, transcript, calls)
        #expect(outcome.usage.calls == 2)
        #expect(outcome.usage.failedCalls == 0)
        #expect(
            outcome.segments.first?.signals.contains("llm: 1 repair retry") == true,
            "\(outcome.segments.first?.signals ?? [])")

        // The retry shows the model its cut-off reply and says what was wrong.
        let received = try await OpenAIStandIn.shared().received(endpoint.baseURL)
        #expect(received.requests == 2)
        let messages = try #require(received.last?["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(messages[2]["content"] == String(good.prefix(good.count / 2)))
        #expect(messages[3]["content"]?.contains("cut off") == true)
    }

    /// Prose, or segments whose kind is no kind, twice: the built-in detector answers instead.
    @Test(arguments: [
        "I'm sorry, I can't find any conversations in this transcript.",
        #"{"segments": [{"start_utterance": 0, "end_utterance": 10, "kind": "meeting", "detected_outcome": "ongoing", "confidence": 0.9, "summary": "A call."}]}"#,
    ])
    func anAlwaysInvalidReplyFallsBackToTheBuiltInDetector(content: String) async throws {
        let (transcript, _) = try Self.transcript(Self.day)
        let endpoint = try Self.endpoint()
        let outcome = try await Self.detector(endpoint, [.init(content: content)]).detect(transcript, options: .init())
        #expect(outcome.fallback == "llm_invalid_json")
        #expect(outcome.segments == ConversationDetector.detect(transcript, options: .init()))
        #expect(outcome.usage.calls == 2, "the call and its one repair retry")
        #expect(outcome.usage.promptTokens > 0)
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 2)
    }

    @Test func aTimeoutFallsBackWithTheFailedCallCounted() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        let endpoint = try Self.endpoint(timeoutSeconds: 1, maxAttempts: 2)
        let outcome = try await Self.detector(endpoint, [.init(content: Self.goodReply(calls), delaySeconds: 3)])
            .detect(transcript, options: .init())
        #expect(outcome.fallback == "llm_timeout")
        #expect(outcome.segments == ConversationDetector.detect(transcript, options: .init()))
        #expect(outcome.usage.calls == 0)
        #expect(outcome.usage.failedCalls == 1)
        #expect(outcome.usage.failedRequests == 2, "both tries")
    }

    @Test func aServerErrorFallsBack() async throws {
        let (transcript, _) = try Self.transcript(Self.day)
        let outcome = try await Self.detector(Self.endpoint(.always500, maxAttempts: 2), []).detect(
            transcript, options: .init())
        #expect(outcome.fallback == "llm_http_status")
        #expect(outcome.usage == Usage(calls: 0, failedCalls: 1, requests: 2, retries: 1))
    }

    @Test func rateLimitedOnceThenAnswered() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        let endpoint = try Self.endpoint()
        let detector = try await Self.detector(
            endpoint,
            [
                .init(status: 429, content: "Rate limit reached.", headers: ["Retry-After": "0"]),
                .init(content: Self.goodReply(calls)),
            ])
        let outcome = await detector.detect(transcript, options: .init())
        #expect(outcome.fallback == nil)
        Self.expectGoodSegments(outcome.segments, transcript, calls)
        #expect(outcome.usage.calls == 1)
        #expect(outcome.usage.failedCalls == 0)
        #expect(outcome.usage.requests == 2 && outcome.usage.retries == 1, "the 429 was a request too")
        #expect(outcome.usage.failedRequests == 1)
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 2)
    }

    /// A negative index, an end past the recording, confidence 1.7 and a NaN, times in seconds
    /// instead of indices, and two overlapping segments: all repaired, none rejected, no retry.
    @Test func outOfRangeValuesAreRepaired() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        let utterances = transcript.utterances
        var voicemail = Self.item(calls[3], confidence: 0.3)
        voicemail["start_utterance"] = nil
        voicemail["end_utterance"] = nil
        voicemail["start_seconds"] = utterances[calls[3].utterances.lowerBound].start - 5
        voicemail["end_seconds"] = utterances[calls[3].utterances.upperBound].end + 5
        var pricing = Self.item(calls[4], last: 99_999, confidence: 0.9)
        pricing["summary"] = ""
        let content = Self.reply([
            Self.item(calls[0], first: -3, confidence: 1.7),
            Self.item(calls[1], confidence: "NaN"),
            // Starts on the internal chatter's last utterance.
            Self.item(calls[2], first: calls[2].utterances.lowerBound - 1, confidence: 0.85),
            voicemail, pricing,
        ])
        let endpoint = try Self.endpoint()
        let outcome = try await Self.detector(endpoint, [.init(content: content)]).detect(transcript, options: .init())
        #expect(outcome.fallback == nil)
        #expect(outcome.usage.calls == 1)
        let segments = outcome.segments
        try #require(segments.count == 5)
        for (segment, call) in zip(segments, calls) {
            #expect(segment.startSeconds == utterances[call.utterances.lowerBound].start, "\(call.name)")
            #expect(segment.endSeconds == utterances[call.utterances.upperBound].end, "\(call.name)")
        }
        #expect(segments.last?.endSeconds ?? .infinity <= transcript.durationSeconds)
        #expect(segments.map(\.confidence) == [1, 0, 0.85, 0.3, 0.9])
        #expect(segments.map(\.status) == [.analyzed, .skipped, .analyzed, .skipped, .analyzed])
        #expect(segments[4].summary == "Sales conversation with Taylor.")
        #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.endSeconds <= $1.startSeconds })
        #expect(segments[0].signals.contains("llm: 5 segments repaired"), "\(segments[0].signals)")
        #expect(segments[0].signals.contains("llm: utterances -3–10 clamped to 0–10"), "\(segments[0].signals)")
        #expect(segments[0].signals.contains("llm: confidence 1.7 clamped to 1"))
        #expect(
            segments[2].signals.contains { $0.hasPrefix("llm: start moved from utterance") }, "\(segments[2].signals)")
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 1)
    }

    /// A sales call of one utterance and a segment of no kind, asked again and given again: the
    /// others are kept, those two rejected and counted.
    @Test func segmentsStillWrongAfterTheRetryAreRejected() async throws {
        let (transcript, calls) = try Self.transcript(Self.day)
        var meeting = Self.item(calls[1], confidence: 0.2)
        meeting["kind"] = "meeting"
        let content = Self.reply([
            Self.item(calls[0], confidence: 0.9), meeting, Self.item(calls[2], confidence: 0.9),
            Self.item(calls[3], confidence: 0.3),
            Self.item(calls[4], last: calls[4].utterances.lowerBound, confidence: 0.9),
        ])
        let endpoint = try Self.endpoint()
        let outcome = try await Self.detector(endpoint, [.init(content: content)]).detect(transcript, options: .init())
        #expect(outcome.fallback == nil)
        #expect(outcome.usage.calls == 2)
        #expect(outcome.segments.map(\.customerName) == ["Jordan", "Priya", "Dana"])
        let counts = outcome.segments.first?.signals.first { $0.contains("rejected") } ?? ""
        #expect(
            counts.hasPrefix("llm: 2 rejected (segments[1]: kind \"meeting\" is not sales, internal or voicemail)"),
            "\(counts)")
        let messages = try #require(
            try await OpenAIStandIn.shared().received(endpoint.baseURL).last?["messages"] as? [[String: String]])
        #expect(messages.last?["content"]?.contains("kind \"meeting\"") == true)
    }

    /// A day of more than 1000 utterances in windows of 300: one request per window, in order (a
    /// concurrency of 1), each answered as a model would (calls cut by the window's edges), and the
    /// calls seen by two windows merged back into one.
    @Test func aLongDayIsSplitIntoWindowsAndMergedWithoutDuplicates() async throws {
        let (transcript, calls) = try Self.transcript(Array(repeating: Self.day, count: 30).flatMap { $0 })
        #expect(transcript.utterances.count > 1000)
        let windows = DetectionTranscript.windows(count: transcript.utterances.count, size: 300, overlap: 40)
        #expect(windows.count >= 4)
        let replies = windows.map { window in
            OpenAIStandIn.Reply(
                content: Self.reply(
                    calls.compactMap { call in
                        let first = max(call.utterances.lowerBound, window.lowerBound)
                        let last = min(call.utterances.upperBound, window.upperBound)
                        // A model leaves out a call's single utterance at a window's edge; a voicemail is one.
                        let whole = first == call.utterances.lowerBound && last == call.utterances.upperBound
                        return last > first || whole
                            ? Self.item(call, first: first, last: last, confidence: call.kind == "sales" ? 0.9 : 0.2)
                            : nil
                    }))
        }
        let endpoint = try Self.endpoint(maxConcurrency: 1)
        let outcome = try await Self.detector(endpoint, replies, maxUtterancesPerWindow: 300).detect(
            transcript, options: .init())
        #expect(outcome.fallback == nil)
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == windows.count)
        #expect(outcome.usage.calls == windows.count)

        let segments = outcome.segments
        #expect(segments.count == calls.count)
        let utterances = transcript.utterances
        for (segment, call) in zip(segments, calls) {
            #expect(segment.startSeconds == utterances[call.utterances.lowerBound].start, "\(call.name)")
            #expect(segment.endSeconds == utterances[call.utterances.upperBound].end, "\(call.name)")
            #expect(segment.kind.rawValue == call.kind)
        }
        #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.endSeconds <= $1.startSeconds })
        let merged = segments.filter { $0.signals.contains { $0.contains("merged from windows") } }
        #expect(merged.count >= windows.count - 1, "every overlap holds a call seen twice")
        #expect(!segments.contains { $0.signals.contains { $0.contains("rejected") || $0.contains("repaired") } })
    }

    @Test func anEmptyTranscriptAsksNothing() async throws {
        let (transcript, _) = try Self.transcript([])
        let endpoint = try Self.endpoint()
        let outcome = try await Self.detector(endpoint, [.init(content: "{}")]).detect(transcript, options: .init())
        #expect(outcome.segments.isEmpty)
        #expect(outcome.fallback == nil)
        #expect(outcome.usage == .zero)
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 0)
    }

    @Test func linesAreCompactAndWindowsOverlap() {
        let utterance = Utterance(
            start: 3725.2, end: 3731.9, speaker: 1, channel: nil, transcript: String(repeating: "word ", count: 100),
            confidence: 1, words: [])
        let line = DetectionTranscript.line(index: 12, utterance, role: .customer, maxChars: 40)
        #expect(
            line == "[12] 62:05–62:11 S1(customer): " + String(String(repeating: "word ", count: 8).prefix(39)) + "…")
        #expect(
            DetectionTranscript.line(index: 0, utterance, role: nil, maxChars: 300).hasPrefix(
                "[0] 62:05–62:11 S1(?): word word"))

        let day = DetectionTranscript.windows(count: 15_000, size: 400, overlap: 40)
        #expect(day.count == 42)
        #expect(day.first == 0...399)
        #expect(day[1] == 360...759)
        #expect(day.last?.upperBound == 14_999)
        #expect(zip(day, day.dropFirst()).allSatisfy { $0.upperBound - $1.lowerBound + 1 == 40 })
        #expect(DetectionTranscript.windows(count: 10, size: 400, overlap: 40) == [0...9])
        #expect(DetectionTranscript.windows(count: 0, size: 400, overlap: 40).isEmpty)
    }

    /// A call longer than the overlap, seen in part by three windows, is one segment; two calls
    /// that only touch in an overlap stay two, the later one starting after the earlier.
    @Test func theMergeJoinsACallAcrossWindowEdges() {
        func piece(
            _ first: Int, _ last: Int, window: Int, openStart: Bool = false, openEnd: Bool = false,
            summary: String = "s"
        )
            -> CandidateSegment
        {
            CandidateSegment(
                first: first, last: last, kind: .sales, outcome: .noDecision, confidence: 0.5 + Double(window) / 10,
                customerName: nil,
                repName: nil, summary: summary, openStart: openStart, openEnd: openEnd, windows: [window])
        }
        let (long, _) = DetectionMerge.merge([
            piece(250, 299, window: 1, openEnd: true),
            piece(260, 559, window: 2, openStart: true, openEnd: true, summary: "the longest"),
            piece(520, 600, window: 3, openStart: true),
        ])
        #expect(long.count == 1)
        #expect(long.first?.first == 250)
        #expect(long.first?.last == 600)
        #expect(long.first?.windows == [1, 2, 3])
        #expect(long.first?.summary == "the longest")
        #expect(long.first?.confidence == 0.8)

        let (two, dropped) = DetectionMerge.merge([
            piece(0, 20, window: 1), piece(18, 60, window: 1), piece(59, 60, window: 2),
        ])
        #expect(two.map { [$0.first, $0.last] } == [[0, 20], [21, 60]])
        #expect(dropped == 0, "the third is inside the second: merged")
    }
}
