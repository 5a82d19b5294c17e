import Foundation
import TestSupport
import Testing

/// `callsift mcp` driven by a real MCP client: the official Python SDK (`mcp` in .venv-test),
/// which spawns the server over stdio as an agent's host does.
@Suite struct MCPCLITests {
    static let python = ScriptedCall.repositoryRoot.appendingPathComponent(".venv-test/bin/python").path
    static let agent = ScriptedCall.repositoryRoot.appendingPathComponent("Tests/TestSupport/mcp_agent.py").path

    /// Runs `plan` through the client against `callsift mcp --manifest manifest`: the handshake,
    /// then one result per step.
    static func run(_ manifest: String, _ plan: [[String: Any]]) throws -> (
        hello: [String: Any], steps: [[String: Any]]
    ) {
        let plan = String(decoding: try JSONSerialization.data(withJSONObject: plan), as: UTF8.self)
        let result = try Tool.run([python, agent, CLITests.binary, manifest, plan], check: false)
        let lines = try CLITests.jsonLines(result.stdout)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        return (lines.first ?? [:], Array(lines.dropFirst()))
    }

    static func structured(_ step: [String: Any]) -> [String: Any] { step["structured"] as? [String: Any] ?? [:] }

    static func error(_ step: [String: Any]) -> (code: String?, field: String?) {
        let error = structured(step)["error"] as? [String: Any]
        return (error?["code"] as? String, (error?["details"] as? [String: Any])?["field"] as? String)
    }

    @Test func anAgentSubmitsARecordingAndAsksWhatHappened() throws {
        let archive = try ScriptedArchive.make(["pricing-call", "discovery-call"], broken: true)
        let pricing = "\(archive.folder)/pricing-call.wav"
        let (hello, steps) = try Self.run(
            archive.manifest,
            [
                ["list_tools": true],
                ["tool": "submit_all_day_recording", "arguments": ["file": pricing, "rep_id": "alex"]],
                ["tool": "submit_all_day_recording", "arguments": ["file": pricing, "rep_id": "alex"]],
                ["tool": "get_all_day_session", "arguments": ["session_id": "$1.id"]],
                ["tool": "get_analysis", "arguments": ["analysis_id": "$1.segments.0.analysis_id"]],
                ["tool": "list_all_day_sessions", "arguments": ["rep_id": "alex"]],
                ["tool": "get_rollup", "arguments": ["rep_id": "alex"]],
                ["list_resources": true],
                ["read_resource": ["callsift://sessions/", "$1.id", "/session.json"]],
                ["read_resource": ["callsift://sessions/", "$1.id", "/report.html"]],
                ["tool": "archive_all_day_session", "arguments": ["session_id": "$1.id"]],
                ["tool": "list_all_day_sessions", "arguments": ["rep_id": "alex"]],
            ])
        #expect(hello["server"] as? String == "callsift" && hello["protocol_version"] is String, "\(hello)")
        try #require(steps.count == 12, "\(steps)")

        let tools = (steps[0]["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(
            Set(tools) == [
                "submit_all_day_recording", "get_all_day_session", "list_all_day_sessions", "archive_all_day_session",
                "get_analysis", "get_rollup",
            ])
        let schema = (steps[0]["tools"] as? [[String: Any]])?.first { $0["name"] as? String == "get_analysis" }
        #expect(((schema?["input_schema"] as? [String: Any])?["required"] as? [String]) == ["analysis_id"])

        // The session, with its one conversation scored, and the progress heard on the way.
        let session = Self.structured(steps[1])
        #expect(steps[1]["is_error"] as? Bool == false && session["status"] as? String == "completed", "\(steps[1])")
        let segments = session["segments"] as? [[String: Any]] ?? []
        #expect(segments.count == 1, "\(segments)")
        #expect(segments.first?["is_sales_conversation"] as? Bool == true)
        #expect(segments.first?["customer_name"] as? String == "Taylor")
        #expect(segments.first?["detected_outcome"] as? String == "won")
        #expect(segments.first?["analysis_id"] is String)
        #expect(session["partner_org_id"] as? String == "northwind", "the manifest's default org")
        let progress = steps[1]["progress"] as? [[String: Any]] ?? []
        #expect(progress.count >= 2, "progress notifications: \(progress)")
        let lastMessage = progress.last?["message"] as? String ?? ""
        #expect(lastMessage.contains("1 conversation(s) found"), "\(progress)")

        // Submitted again unchanged: the stored session, at once.
        #expect(Self.structured(steps[2])["id"] as? String == session["id"] as? String)
        let again = steps[2]["seconds"] as? Double ?? 99
        #expect(again < 5, "took \(again) s")
        #expect(Self.structured(steps[3])["id"] as? String == session["id"] as? String)

        let analysis = Self.structured(steps[4])
        #expect(analysis["id"] as? String == segments.first?["analysis_id"] as? String, "\(steps[4])")
        #expect(analysis["analysis"] is [String: Any], "the six pillars and their evidence")
        let timeline = (analysis["analysis"] as? [String: Any])?["timeline"] as? [String: Any]
        #expect(
            (timeline?["phases"] as? [Any])?.isEmpty == false && timeline?["moments"] is [Any],
            "the call's phases and key moments")

        let listed = Self.structured(steps[5])
        #expect(listed["count"] as? Int == 1)
        #expect((listed["sessions"] as? [[String: Any]])?.first?["id"] as? String == session["id"] as? String)

        let rollup = Self.structured(steps[6])
        #expect(rollup["conversations"] as? Int == 1 && rollup["analyzed"] as? Int == 1, "\(rollup)")
        #expect((rollup["outcomes"] as? [String: Any])?["won"] as? Int == 1)
        #expect((rollup["follow_up"] as? [Any])?.isEmpty == true, "a won call needs no follow-up")
        #expect((rollup["other_calls"] as? [[String: Any]])?.first?["overall_score"] is Int)

        let uris = (steps[7]["resources"] as? [[String: Any]] ?? []).compactMap { $0["uri"] as? String }
        let id = session["id"] as? String ?? ""
        #expect(uris.contains("callsift://sessions/\(id)/session.json"), "\(uris)")
        #expect(uris.contains("callsift://sessions/\(id)/report.html"), "\(uris)")
        let json = (steps[8]["texts"] as? [String])?.first ?? ""
        let read = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(read?["id"] as? String == id, "\(json.prefix(300))")
        let page = (steps[9]["texts"] as? [String])?.first ?? ""
        #expect(page.contains("<html"), "\(steps[9])")

        #expect(Self.structured(steps[10])["archived"] as? Bool == true)
        #expect(Self.structured(steps[11])["count"] as? Int == 0, "an archived session is no longer listed")
    }

    @Test func badArgumentsAreToolErrorsThatNameTheField() throws {
        let archive = try ScriptedArchive.make(["voicemail"], broken: true)
        let (_, steps) = try Self.run(
            archive.manifest,
            [
                ["tool": "submit_all_day_recording", "arguments": ["file": "\(archive.folder)/gone.wav"]],
                [
                    "tool": "submit_all_day_recording",
                    "arguments": ["file": "\(archive.folder)/voicemail.wav", "org_id": "../x"],
                ],
                ["tool": "get_all_day_session", "arguments": ["session_id": "no-such-session"]],
                ["tool": "submit_all_day_recording", "arguments": ["file": "\(archive.folder)/broken.wav"]],
                [
                    "tool": "submit_all_day_recording",
                    "arguments": ["file": "\(archive.folder)/voicemail.wav", "rep": "alex"],
                ],
                ["tool": "list_all_day_sessions", "arguments": ["since": "yesterday"]],
                ["tool": "get_rollup", "arguments": [:]],
                ["tool": "get_analysis", "arguments": ["analysis_id": "no-such-analysis"]],
                ["read_resource": "callsift://sessions/no-such-session/session.json"],
                ["tool": "get_all_day_session", "arguments": ["session_id": "no-such-session"]],
                ["tool": "get_rollup", "arguments": ["rep_id": "alex", "day": "2026-02-31"]],
                ["tool": "get_rollup", "arguments": ["rep_id": "alex", "since": "2026-11-24", "until": "2026-11-20"]],
                ["tool": "list_all_day_sessions", "arguments": ["limit": 2.5]],
            ])
        try #require(steps.count == 13, "\(steps)")
        for step in steps.prefix(8) { #expect(step["is_error"] as? Bool == true, "\(step)") }
        #expect(Self.error(steps[0]) == ("source_not_found", "file"), "\(steps[0])")
        #expect(Self.error(steps[1]) == ("invalid_field", "org_id"), "\(steps[1])")
        #expect(Self.error(steps[2]).code == "not_found", "\(steps[2])")
        #expect(Self.error(steps[3]).code == "corrupt_media", "\(steps[3])")
        let failedSession = (Self.structured(steps[3])["error"] as? [String: Any])?["details"] as? [String: Any]
        #expect(failedSession?["session_id"] is String, "the failed session can be looked up: \(steps[3])")
        #expect(Self.error(steps[4]) == ("invalid_argument", "rep"), "\(steps[4])")
        #expect(Self.error(steps[5]) == ("invalid_argument", "since"), "\(steps[5])")
        #expect(Self.error(steps[6]) == ("invalid_argument", "rep_id"), "\(steps[6])")
        #expect(Self.error(steps[7]).code == "not_found", "\(steps[7])")
        let refusal = steps[8]["error"] as? String ?? ""
        #expect(refusal.contains("no resource"), "\(steps[8])")
        // The server is still there after all of them.
        #expect(Self.error(steps[9]).code == "not_found")
        #expect(Self.error(steps[10]) == ("invalid_argument", "day"), "no February 31st: \(steps[10])")
        #expect(Self.error(steps[11]) == ("invalid_argument", "until"), "\(steps[11])")
        #expect(Self.error(steps[12]) == ("invalid_argument", "limit"), "\(steps[12])")
    }

    @Test func aWaitThatRunsOutReturnsTheStatusAndALaterCallTheSession() throws {
        let archive = try ScriptedArchive.make(["discovery-call"], broken: false)
        let (_, steps) = try Self.run(
            archive.manifest,
            [
                [
                    "tool": "submit_all_day_recording",
                    "arguments": ["file": "\(archive.folder)/discovery-call.wav", "wait_seconds": 0],
                ],
                [
                    "poll": "get_all_day_session", "arguments": ["session_id": "$0.id"], "until_status": "completed",
                    "seconds": 60,
                ],
            ])
        try #require(steps.count == 2, "\(steps)")
        let first = Self.structured(steps[0])
        #expect(steps[0]["is_error"] as? Bool == false)
        #expect(
            ["queued", "transcribing", "detecting", "analyzing"].contains(first["status"] as? String ?? ""), "\(first)")
        let message = first["message"] as? String ?? ""
        #expect(message.contains("get_all_day_session"))
        let later = Self.structured(steps[1])
        #expect(later["id"] as? String == first["id"] as? String)
        #expect(later["status"] as? String == "completed" && (later["segments"] as? [Any])?.count == 1, "\(later)")
    }
}
