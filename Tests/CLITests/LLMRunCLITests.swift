import Foundation
import TestSupport
import Testing

/// `callsift run` with `engines.*: llm` against the loopback OpenAI stand-in: a good model's
/// analysis lands in the bundle with its cost, a broken model loses no recording, and the key
/// never leaves memory.
@Suite(.serialized) struct LLMRunCLITests {
    static let keyVariable = "CALLSIFT_TEST_LLM_KEY"

    /// A scripted archive whose manifest points both LLM stages (or only `analyzer`) at a fresh
    /// scripted stand-in URL.
    static func archive(_ scripts: [String], detector: String, replies: [OpenAIStandIn.Reply], broken: Bool = false)
        async throws -> (
            ScriptedArchive, String
        )
    {
        let archive = try ScriptedArchive.make(scripts, broken: broken)
        let standIn = try OpenAIStandIn.shared()
        let base = standIn.baseURL(.scripted)
        try await standIn.script(base, replies)
        try """
        output: out
        database: progress.sqlite
        defaults: {org_id: northwind, rep_id: alex}
        engines:
          transcriber: sidecar
          detector: \(detector)
          analyzer: llm
          llm:
            base_url: \(base)
            model: standin-model
            api_key_env: \(keyVariable)
            timeout_seconds: 30
            max_attempts: 2
            prices: {input_usd_per_million: 1000, output_usd_per_million: 2000}
        sources:
          - path: recordings
            include: ["*.wav"]
        """.write(toFile: archive.manifest, atomically: true, encoding: .utf8)
        setenv(keyVariable, OpenAIStandIn.apiKey, 1)
        return (archive, base)
    }

    static func files(under root: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: root).map { "\(root)/\($0)" }.filter {
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &directory) && !directory.boolValue
        }
    }

    @Test func aGoodModelsAnalysisIsInTheBundleWithItsCost() async throws {
        let lines = try ScriptedCall.script("pricing-call").filter { $0.hasPrefix("REP:") || $0.hasPrefix("CUSTOMER:") }
        let said = { (index: Int) in
            String(lines[index].split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
        }
        let pillars = ["clarity", "influence", "objection", "discovery", "delivery", "close"]
        let reply: [String: Any] = [
            "prospect_name": "Taylor", "recording_title": "Taylor: a pilot for the dental practice",
            "double_down": "Clarity",
            "ai_summary": "Taylor agreed to a paid pilot.", "ai_summary_v5": "Clear and closed.",
            "scores": Dictionary(uniqueKeysWithValues: zip(pillars, [95, 85, 75, 70, 80, 90])),
            "feedback_v5": Dictionary(
                uniqueKeysWithValues: pillars.map {
                    ($0, ["positive": "“\(said(5))”", "negative": "Ask about the team."])
                }),
            "action_plan_v5": [
                "double_down_implementation": "Keep it.", "general_communication_improvement": "Ask more.",
                "quoted_principle": "Plain words.",
            ],
            "organization_prompt_summary": NSNull(), "organization_feedback": NSNull(),
            "moments": [
                ["type": "pricing", "detail": "price", "quote": said(4)],
                ["type": "commitment", "detail": "x", "quote": "We will buy a hundred seats today"],
            ],
            "evidence": [["pillar": "close", "quote": said(7)]],
        ]
        let content = String(decoding: try JSONSerialization.data(withJSONObject: reply), as: UTF8.self)
        // Busy at first: the analyzer's request is tried again.
        let (archive, _) = try await Self.archive(
            ["pricing-call"], detector: "builtin",
            replies: [.init(status: 503, content: "busy"), .init(content: content)])
        let run = try CLITests.callsift(["run", archive.manifest, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        // What the guards dropped and the retry are warnings on the log, not only in the bundle.
        #expect(
            run.stderr.contains("pricing-call.wav: warning: 1 quote(s) from the analyzer dropped")
                && run.stderr.contains("warning: 1 LLM request(s) tried again"), "\(run.stderr)")

        let session = try #require(try archive.sessions().first)
        let segment = try #require((session["segments"] as? [[String: Any]])?.first)
        let id = try #require(segment["analysis_id"] as? String)
        let folder = "\(archive.root)/out/northwind/alex/\(session["id"] as! String)"
        let record = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/analyses/\(id).json"))) as? [String: Any])
        let analysis = try #require(record["analysis"] as? [String: Any])
        #expect(analysis["master_prompt_id"] as? String == "callsift-llm-analyze")
        #expect(analysis["clarity_score"] as? Int == 95 && analysis["close_score"] as? Int == 90)
        #expect((analysis["moments"] as? [Any])?.count == 1, "the invented commitment is dropped")
        let details = try #require((analysis["synthesis_snapshot"] as? [String: Any])?["details"] as? [String: Any])
        #expect(details["quotes_dropped"] as? Int == 1 && details["fallback"] is NSNull)

        // Usage: the analysis billed at the manifest's prices, the same cents in the record.
        let usage = try CLITests.jsonLines(
            try CLITests.callsift(["usage", "--manifest", archive.manifest, "--json"]).stdout)
        let stages = try #require((usage.first?["total"] as? [[String: Any]]))
        let analysisStage = try #require(stages.first { $0["stage"] as? String == "analysis" })
        #expect(analysisStage["calls"] as? Int == 1 && analysisStage["events"] as? Int == 1)
        let cents = try #require(analysisStage["cost_cents"] as? Double)
        #expect(cents > 50, "about a thousand tokens at $1000 per million")
        #expect(record["cost_usd_cents"] as? Int == Int(cents.rounded()))
        #expect(stages.first { $0["stage"] as? String == "transcription" }?["engines"] as? [String] == ["sidecar"])
        let text = try CLITests.callsift(["usage", "--manifest", archive.manifest, "--itemized"])
        #expect(text.stdout.contains("analysis (callsift-llm-analyzer): 1, 1 call(s)"), "\(text.stdout)")
    }

    @Test func aBrokenModelLosesNoRecordingAndTheKeyIsNowhere() async throws {
        let (archive, base) = try await Self.archive(
            ["discovery-call", "competitor-call"], detector: "llm",
            replies: [.init(content: "Sorry, I can't do that.")], broken: true)
        let run = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(run.status == 1, "only broken.wav fails: \(run.stderr)")
        let summary = try #require(try CLITests.jsonLines(run.stdout).last?["summary"] as? [String: Any])
        #expect(summary["completed"] as? Int == 2 && summary["failed"] as? Int == 1)
        let warnings = try CLITests.jsonLines(run.stdout).filter { $0["event"] as? String == "warning" }
        for call in ["discovery-call.wav", "competitor-call.wav"] {
            let said = warnings.filter { ($0["source"] as? String ?? "").hasSuffix(call) }.compactMap {
                $0["message"] as? String
            }
            #expect(
                said.contains("detection fell back to the built-in detector (llm_invalid_json)")
                    && said.contains("1 analysis(es) fell back to the built-in analyzer (llm_invalid_json)"),
                "\(call): \(said)")
        }

        // Both calls found and analyzed by the built-in engines, each saying it stood in.
        let sessions = try archive.sessions().filter { $0["status"] as? String == "completed" }
        #expect(sessions.count == 2)
        for session in sessions {
            let segments = try #require(session["segments"] as? [[String: Any]])
            #expect(segments.count == 1)
            #expect(
                (segments[0]["signals"] as? [String])?.contains(
                    "callsift-llm-detector fell back to the built-in detector: llm_invalid_json") == true)
            let folder = "\(archive.root)/out/northwind/alex/\(session["id"] as! String)"
            let id = try #require(segments[0]["analysis_id"] as? String)
            let record = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/analyses/\(id).json"))) as? [String: Any])
            let details = try #require(
                ((record["analysis"] as? [String: Any])?["synthesis_snapshot"] as? [String: Any])?["details"]
                    as? [String: Any])
            #expect(
                details["fallback"] as? String == "builtin"
                    && details["fallback_reason"] as? String == "llm_invalid_json")
        }
        let usage = try CLITests.jsonLines(
            try CLITests.callsift(["usage", "--manifest", archive.manifest, "--json"]).stdout)
        let stages = try #require(usage.first?["total"] as? [[String: Any]])
        #expect(stages.first { $0["stage"] as? String == "detection" }?["fallbacks"] as? Int == 2)
        #expect(stages.first { $0["stage"] as? String == "analysis" }?["fallbacks"] as? Int == 2)
        // Each detection and analysis asked twice: the answer, then one repair.
        #expect(try await OpenAIStandIn.shared().received(base).requests == 8)

        // The key: sent as a header, never written.
        #expect(try await OpenAIStandIn.shared().received(base).authorization.allSatisfy { $0 == "valid" })
        for file in try Self.files(under: archive.root) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(OpenAIStandIn.apiKey.utf8)) == nil, "\(file)")
        }
        #expect(!run.stdout.contains(OpenAIStandIn.apiKey) && !run.stderr.contains(OpenAIStandIn.apiKey))
    }

    @Test func aMissingKeyIsAUsageErrorBeforeAnythingIsTaken() async throws {
        let (archive, _) = try await Self.archive(["voicemail"], detector: "builtin", replies: [.init(content: "{}")])
        try String(contentsOfFile: archive.manifest, encoding: .utf8).replacingOccurrences(
            of: Self.keyVariable, with: "CALLSIFT_TEST_UNSET_KEY"
        )
        .write(toFile: archive.manifest, atomically: true, encoding: .utf8)
        let run = try CLITests.callsift(["run", archive.manifest])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "error llm_key_missing: engines.llm.api_key_env names CALLSIFT_TEST_UNSET_KEY, which is not set"),
            "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(archive.root)/out/northwind"))
    }
}
