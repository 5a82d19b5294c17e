import Foundation
import LLM
import TestSupport
import Testing

/// The LLM stages against a real model: the local server of `make llm` (llama.cpp with Gemma 3
/// 270M), started by the test on loopback. The model is tiny and often wrong; what is asserted is
/// what callsift promises whatever the model says: the run completes, every score is in range,
/// every quote is the transcript's, and the usage recorded is what the server counted.
@Suite(.serialized) struct LocalLLMCLITests {
    /// Gemma's own chat turns reach the model: a system instruction and a question come back as a
    /// reply in the schema's shape, not as the prompt echoed with another template's markers.
    @Test func theServerAppliesGemmasChatFormatAndTheSchema() async throws {
        let server = try LocalLLM.shared()
        let client = try LLMClient(
            endpoint: LLMEndpoint(baseURL: server.baseURL, model: LocalLLM.model, timeoutSeconds: 300, maxAttempts: 1))
        let schema = try ResponseSchema(
            name: "outcome",
            schemaJSON: #"""
                {"type": "object", "required": ["outcome"], "additionalProperties": false,
                 "properties": {"outcome": {"type": "string", "enum": ["won", "lost", "ongoing", "no_decision"]}}}
                """#)
        let response = try await client.complete(
            ChatRequest(
                messages: [
                    .system("Classify how the sales call ended. Answer with JSON only."),
                    .user("REP: Shall I send the contract today?\nCUSTOMER: Yes, send it, we will sign this week."),
                ], maxTokens: 40, responseSchema: schema))
        // llama-cpp-python refuses OpenAI's json_schema form; the client asks again in its own.
        #expect(response.responseFormat == .jsonObject)
        #expect(client.responseFormat == .jsonObject)
        let object = try JSONExtraction.object(from: response.content)
        #expect(["won", "lost", "ongoing", "no_decision"].contains(object["outcome"] as? String ?? ""), "\(object)")
        for marker in ["[INST]", "<start_of_turn>", "<end_of_turn>", "Classify how"] {
            #expect(!response.content.contains(marker), "\(response.content)")
        }
        #expect(response.promptTokens > 20 && response.completionTokens > 0)
    }

    @Test func aSampleRunsThroughLocalDetectionAndAnalysis() async throws {
        let server = try LocalLLM.shared()
        let archive = try ScriptedArchive.make(["pricing-call"], broken: false)
        try """
        output: out
        database: progress.sqlite
        defaults: {org_id: northwind, rep_id: alex}
        engines:
          transcriber: sidecar
          detector: {name: llm, settings: {max_utterances_per_window: 120, overlap_utterances: 12}}
          analyzer: llm
          llm:
            base_url: \(server.baseURL)
            model: \(LocalLLM.model)
            timeout_seconds: 300
            max_concurrency: 1
            max_attempts: 2
        sources:
          - path: recordings
            include: ["*.wav"]
        """.write(toFile: archive.manifest, atomically: true, encoding: .utf8)
        let before = try server.completions().count
        let run = try CLITests.callsift(["run", archive.manifest, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let served = try server.completions().dropFirst(before)

        let session = try #require(try archive.sessions().first)
        #expect(session["status"] as? String == "completed")
        let folder = "\(archive.root)/out/northwind/alex/\(session["id"] as! String)"
        let transcript = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/transcript.json")))
                as? [String: Any])
        let said = Self.normalized(transcript["text"] as? String ?? "")
        let segments = try #require(session["segments"] as? [[String: Any]])
        #expect(!segments.isEmpty)
        var analyzed = 0
        for segment in segments {
            let confidence = try #require(segment["confidence"] as? Double)
            #expect((0...1).contains(confidence))
            guard let id = segment["analysis_id"] as? String else { continue }
            analyzed += 1
            let record = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/analyses/\(id).json"))) as? [String: Any])
            let analysis = try #require(record["analysis"] as? [String: Any])
            for key in ["clarity", "influence", "objection", "discovery", "delivery", "close", "overall"] {
                let score = try #require(analysis["\(key)_score"] as? Int, "\(key)_score")
                #expect((0...100).contains(score), "\(key)_score \(score)")
            }
            let details = try #require(
                (analysis["synthesis_snapshot"] as? [String: Any])?["details"] as? [String: Any])
            #expect(details["model"] as? String == LocalLLM.model)
            #expect((details["requests"] as? Int ?? 0) >= 1)
            // Every quote the analysis keeps is the transcript's own words.
            for moment in analysis["moments"] as? [[String: Any]] ?? [] {
                let quote = Self.normalized(moment["quote"] as? String ?? "")
                #expect(!quote.isEmpty && said.contains(quote), "moment quote “\(quote)”")
            }
            for quote in Self.quoted(in: analysis) {
                #expect(said.contains(Self.normalized(quote)), "quoted “\(quote)”")
            }
        }
        #expect(analyzed >= 1, "the pricing call is analyzed, by the model or by the built-in fallback")

        // The usage recorded is the server's own count, request for request.
        let usage = try CLITests.jsonLines(
            try CLITests.callsift(["usage", "--manifest", archive.manifest, "--json"]).stdout)
        let stages = try #require(usage.first?["total"] as? [[String: Any]])
        let llmStages = stages.filter { ["detection", "analysis"].contains($0["stage"] as? String ?? "") }
        #expect(llmStages.count == 2, "\(stages)")
        let answered = served.filter { $0.status == 200 }
        #expect(!answered.isEmpty)
        #expect(
            llmStages.reduce(0) { $0 + ($1["prompt_tokens"] as? Int ?? -1) }
                == answered.reduce(0) { $0 + $1.promptTokens })
        #expect(
            llmStages.reduce(0) { $0 + ($1["completion_tokens"] as? Int ?? -1) }
                == answered.reduce(0) { $0 + $1.completionTokens })
        // A call is one answered completion; the server's refusals of a response_format form are not.
        #expect(llmStages.reduce(0) { $0 + ($1["calls"] as? Int ?? -1) } == answered.count)
    }

    /// Lower case, letters and digits only, single spaces: how a quote is compared with what was said.
    static func normalized(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    /// Every “…” quotation in the analysis' text fields.
    static func quoted(in value: Any) -> [String] {
        switch value {
        case let text as String:
            return text.matches(of: /“([^”]{3,})”/).map { String($0.1) }
        case let object as [String: Any]:
            return object.values.flatMap(quoted(in:))
        case let list as [Any]:
            return list.flatMap(quoted(in:))
        default:
            return []
        }
    }
}
