import Conversations
import Core
import Foundation
import LLM
import Transcripts

/// Finds the conversations of a transcript with a model on an OpenAI-compatible endpoint, behind
/// the same protocol as the built-in detector and with segments under the same rules.
///
/// **Compaction.** Each utterance becomes one line, `[i] m:ss–m:ss S<speaker>(rep|customer|?): text`,
/// its text cut to `maxCharsPerUtterance` characters. The lines go out in windows of at most
/// `maxUtterancesPerWindow` utterances that overlap by `overlapUtterances` (a 12-hour day of
/// ~15K utterances is ~40 requests), sent in window order, as many at once as the endpoint's
/// `maxConcurrency` (the client's shared limit still paces them against the run's other calls).
///
/// **Answers.** The model gives each conversation as the indices of its first and last utterance
/// (seconds are taken too), so its times are exactly those of the utterances. A reply that is no
/// JSON, is cut off, or holds segments with missing fields or unknown values gets ONE repair retry
/// that shows the model its reply and what was wrong. Indices outside the window are clamped into
/// it; confidence is clamped to 0…1; a segment of fewer than 2 utterances (a voicemail may be
/// one utterance of 4 words or more, as the built-in detector keeps it), or still with unknown
/// values after the retry, is rejected and counted.
///
/// **Merge.** The windows' segments are sorted; two that overlap by more than half of the shorter,
/// or that continue one another across a window edge, become one; any other overlap is cut at the
/// earlier segment's end. Statuses follow the built-in detector (see `DetectionMerge.segment`).
///
/// **Failure.** A call that fails (timeout, HTTP error, unreachable after the client's retries) or a
/// reply still unusable after its repair retry makes the whole detection the `fallback` detector's,
/// with the error's code in `DetectionOutcome.fallback`; no further window is sent, and calls in
/// flight stop before their next try. `usage` counts every request made either way. Never throws.
public struct LLMDetector: ConversationDetecting {
    public let name = "callsift-llm-detector"
    public let client: LLMClient
    /// The instructions sent as the system message; its `id` and `version` identify the prompt.
    public let prompt: PromptFile
    public var maxUtterancesPerWindow: Int
    public var overlapUtterances: Int
    public var maxCharsPerUtterance: Int
    /// `max_tokens` of each request: room for a window's segments (about 100 tokens each).
    public var maxTokensPerWindow: Int?
    public var fallback: any ConversationDetecting

    /// `prompt` nil loads the newest bundled `detect` prompt; fails with `llm_prompt_missing` when
    /// the install lacks it.
    public init(
        client: LLMClient, prompt: PromptFile? = nil, maxUtterancesPerWindow: Int = 400, overlapUtterances: Int = 40,
        maxCharsPerUtterance: Int = 300, maxTokensPerWindow: Int? = 4096,
        fallback: any ConversationDetecting = BuiltInDetector()
    ) throws(LLMEngineError) {
        self.client = client
        if let prompt {
            self.prompt = prompt
        } else {
            self.prompt = try PromptFile.load("detect")
        }
        self.maxUtterancesPerWindow = maxUtterancesPerWindow
        self.overlapUtterances = overlapUtterances
        self.maxCharsPerUtterance = maxCharsPerUtterance
        self.maxTokensPerWindow = maxTokensPerWindow
        self.fallback = fallback
    }

    /// The structured output asked for: `{"segments": [{start_utterance, end_utterance,
    /// customer_name, rep_name, kind, detected_outcome, confidence, summary}]}`.
    public static let responseSchema: ResponseSchema = try! ResponseSchema(
        name: "conversation_segments",
        schemaJSON: #"""
            {"type": "object", "additionalProperties": false, "required": ["segments"],
             "properties": {"segments": {"type": "array", "items": {
               "type": "object", "additionalProperties": false,
               "required": ["start_utterance", "end_utterance", "customer_name", "rep_name", "kind", "detected_outcome", "confidence", "summary"],
               "properties": {
                 "start_utterance": {"type": "integer"},
                 "end_utterance": {"type": "integer"},
                 "customer_name": {"type": ["string", "null"]},
                 "rep_name": {"type": ["string", "null"]},
                 "kind": {"type": "string", "enum": ["sales", "internal", "voicemail"]},
                 "detected_outcome": {"type": "string", "enum": ["won", "lost", "ongoing", "no_decision"]},
                 "confidence": {"type": "number"},
                 "summary": {"type": "string"}}}}}}
            """#)

    public func detect(_ transcript: Transcript, options: ConversationDetector.Options) async -> DetectionOutcome {
        let text = DetectionTranscript(transcript, maxCharsPerUtterance: maxCharsPerUtterance)
        guard !text.utterances.isEmpty else { return DetectionOutcome(segments: []) }
        let windows = DetectionTranscript.windows(
            count: text.utterances.count, size: maxUtterancesPerWindow, overlap: overlapUtterances)

        // In window order, no more at once than the endpoint takes: after a failure none is started,
        // and with a limit of 1 the requests go out in order.
        let parallel = max(1, client.endpoint.maxConcurrency)
        let results = await withTaskGroup(of: (Int, WindowResult).self) { group in
            var next = 0
            func start() {
                let index = next
                next += 1
                group.addTask {
                    (index, await self.ask(windows[index], number: index + 1, of: windows.count, in: text))
                }
            }
            while next < min(parallel, windows.count) { start() }
            var results = [WindowResult](repeating: WindowResult(), count: windows.count)
            var failed = false
            while let (index, result) = await group.next() {
                results[index] = result
                if result.error != nil && !failed {
                    // One window's failure decides the detection: stop paying for the others.
                    failed = true
                    group.cancelAll()
                }
                if !failed && next < windows.count { start() }
            }
            return results
        }
        let usage = results.reduce(Usage.zero) { $0 + $1.usage }

        let errors = results.compactMap(\.error)
        if let error = errors.first(where: { $0 != .cancelled }) ?? errors.first {
            let builtIn = await fallback.detect(transcript, options: options)
            return DetectionOutcome(
                segments: builtIn.segments, usage: usage + builtIn.usage, fallback: error.code, windows: windows.count,
                repairs: results.filter(\.retried).count)
        }

        let (merged, dropped) = DetectionMerge.merge(results.flatMap(\.segments))
        let problems = results.flatMap(\.problems)
        let signals = summarySignals(
            repaired: merged.filter { !$0.repairs.isEmpty }.count, rejected: problems.count + dropped,
            firstProblem: problems.first,
            retried: results.filter(\.retried).count)
        let segments = merged.map {
            DetectionMerge.segment(
                $0, in: text, minConfidence: options.minConfidence, repName: options.repName, signals: signals,
                windowCount: windows.count)
        }
        let ordered = segments.filter { $0.endSeconds > $0.startSeconds }.sorted { $0.startSeconds < $1.startSeconds }
        return DetectionOutcome(
            segments: ordered, usage: usage, windows: windows.count, repairs: results.filter(\.retried).count)
    }

    /// The prompt's identity, then what validation did across the whole detection, when it did anything.
    func summarySignals(repaired: Int, rejected: Int, firstProblem: String?, retried: Int) -> [String] {
        var signals = ["llm: \(prompt.id) \(prompt.version)"]
        var counts: [String] = []
        if repaired > 0 { counts.append("\(repaired) segment\(repaired == 1 ? "" : "s") repaired") }
        if rejected > 0 {
            counts.append(
                "\(rejected) rejected" + (firstProblem.map { " (\(DetectionReply.excerpt($0, limit: 120)))" } ?? ""))
        }
        if retried > 0 { counts.append("\(retried) repair retr\(retried == 1 ? "y" : "ies")") }
        if !counts.isEmpty { signals.append("llm: " + counts.joined(separator: ", ")) }
        return signals
    }

    /// What one window gave: its segments, the items rejected, what its calls took, or the error
    /// that ends the detection.
    struct WindowResult: Sendable {
        var segments: [CandidateSegment] = []
        var problems: [String] = []
        var usage = Usage.zero
        var error: LLMError?
        var retried = false
    }

    /// One window: a call, and when its reply is unusable one repair retry.
    func ask(_ window: ClosedRange<Int>, number: Int, of total: Int, in text: DetectionTranscript) async -> WindowResult
    {
        var result = WindowResult()
        let conversation: [ChatMessage] = [
            .system(prompt.text), .user(text.userMessage(window: window, number: number, of: total)),
        ]
        func parse(_ reply: ChatResponse) throws(LLMError) -> ParsedReply {
            try DetectionReply.parse(reply.content, window: window, windowNumber: number, in: text)
        }

        let first: ChatResponse
        switch await call(conversation, usage: &result.usage) {
        case .success(let reply): first = reply
        case .failure(let error):
            result.error = error
            return result
        }
        var partial: ParsedReply?  // a first reply that parsed, some of its segments wrong
        let wrong: String
        do {
            let parsed = try parse(first)
            if parsed.problems.isEmpty {
                result.segments = parsed.segments
                return result
            }
            partial = parsed
            wrong = "some segments are not as asked: " + parsed.problems.prefix(5).joined(separator: "; ") + "."
        } catch {
            guard error.isRepairable else {
                result.error = error
                return result
            }
            wrong =
                error.code == "llm_truncated_json" || first.wasCutOff
                ? "it stops before the JSON object ends (cut off at the token limit). Keep each summary to one short sentence so the whole object fits."
                : error.message
        }

        result.retried = true
        let repair = conversation + [.assistant(first.content), .user(Self.repairMessage(wrong))]
        let failure: LLMError
        switch await call(repair, usage: &result.usage) {
        case .success(let reply):
            do {
                let parsed = try parse(reply)
                if parsed.segments.isEmpty, let problem = parsed.problems.first {
                    failure = .invalidJSON(
                        reason: "after a repair retry, no segment is usable: \(problem)",
                        excerpt: DetectionReply.excerpt(reply.content))
                } else {
                    result.segments = parsed.segments
                    result.problems = parsed.problems
                    return result
                }
            } catch {
                failure = error
            }
        case .failure(let error):
            failure = error
        }
        // The retry did not help: keep what the first reply had right, if anything.
        if let partial, !partial.segments.isEmpty, failure != .cancelled {
            result.segments = partial.segments
            result.problems = partial.problems
        } else {
            result.error = failure
        }
        return result
    }

    static func repairMessage(_ wrong: String) -> String {
        """
        Your reply cannot be used: \(wrong)
        Answer again for the same utterances with ONLY the JSON object {"segments": [...]}, nothing else (no prose, \
        no code fence). Every segment has start_utterance and end_utterance (indices from the brackets, inside the \
        window), customer_name (string or null), rep_name (string or null), kind ("sales", "internal" or "voicemail"), \
        detected_outcome ("won", "lost", "ongoing" or "no_decision"), confidence (a number from 0 to 1) and summary.
        """
    }

    /// One call; its requests, tokens and cost go to `usage` whether it succeeds or not.
    func call(_ messages: [ChatMessage], usage: inout Usage) async -> Result<ChatResponse, LLMError> {
        let request = ChatRequest(
            messages: messages, temperature: 0, maxTokens: maxTokensPerWindow, responseSchema: Self.responseSchema)
        do {
            let reply = try await client.complete(request)
            usage += .of(reply)
            return .success(reply)
        } catch {
            usage += .of(error)
            return .failure(error)
        }
    }
}
