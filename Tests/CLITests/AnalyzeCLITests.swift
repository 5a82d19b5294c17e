import Foundation
import TestSupport
import Testing

/// `callsift analyze` as a user runs it, on a transcript file.
@Suite struct AnalyzeCLITests {
    /// A scripted day written as `callsift transcribe` writes transcripts.
    static func transcriptFile(_ scripts: [String]) throws -> String {
        let transcript = ScriptedCall.transcript(try scripts.map(ScriptedCall.script))
        let path = try temporaryDirectory("cli-analyze") + "/day.transcript.json"
        try JSONEncoder().encode(transcript).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func files(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: directory) where name.hasSuffix(".json") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
        }
        return files
    }

    /// The files with their three run timestamps blanked: what must not change between runs.
    static func withoutTimestamps(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: #""(created_at|started_at|completed_at|analyzed_at)":"[^"]*""#, with: #""$1":"""#,
            options: .regularExpression)
    }

    @Test func writesTheSessionAndOneAnalysisPerSalesCallTheSameOnEveryRun() throws {
        let transcript = try Self.transcriptFile([
            "discovery-call", "internal-chatter", "renewal-call", "authority-call",
        ])
        let first = try temporaryDirectory("cli-analyze-1")
        let second = try temporaryDirectory("cli-analyze-2")
        let run = try CLITests.callsift([
            "analyze", transcript, "-o", first, "--playbooks", ScriptedCall.repositoryRoot.path + "/playbooks", "--org",
            "northwind",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("4 segment(s), 3 sales conversation(s): 3 analyzed"), "\(run.stdout)")
        #expect(run.stdout.contains("internal · skipped: not a sales conversation"), "\(run.stdout)")
        let files = try Self.files(first)
        #expect(files.keys.filter { $0.hasPrefix("analyses/") }.count == 3)
        let analysis =
            try JSONSerialization.jsonObject(with: files.first { $0.key.hasPrefix("analyses/") }!.value)
            as! [String: Any]
        let scored = analysis["analysis"] as! [String: Any]
        #expect((scored["synthesis_snapshot"] as! [String: Any])["playbook_via"] as? String == "org")
        #expect(scored["organization_feedback"] is String)

        _ = try CLITests.callsift([
            "analyze", transcript, "-o", second, "--playbooks", ScriptedCall.repositoryRoot.path + "/playbooks",
            "--org", "northwind",
        ])
        let again = try Self.files(second)
        #expect(Set(again.keys) == Set(files.keys), "same ids, same file names")
        for (name, data) in files {
            #expect(Self.withoutTimestamps(again[name]!) == Self.withoutTimestamps(data), "\(name)")
        }
    }

    @Test func detectOnlyAnalyzesNothing() throws {
        let transcript = try Self.transcriptFile(["pricing-call", "competitor-call"])
        let output = try temporaryDirectory("cli-analyze-detect")
        let run = try CLITests.callsift(["analyze", transcript, "-o", output, "--no-auto-analyze"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 sales conversation(s): 0 analyzed, 2 need review"), "\(run.stdout)")
        #expect(try Self.files(output).keys.sorted() == ["session.json"])
    }

    @Test func badInputGetsACodeAndAnExitStatus() throws {
        let directory = try temporaryDirectory("cli-analyze-bad")
        try Data("{\"words\": 3}".utf8).write(to: URL(fileURLWithPath: "\(directory)/bad.json"))
        let bad = try CLITests.callsift(["analyze", "\(directory)/bad.json", "-o", directory])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid_transcript"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/session.json"))

        let transcript = try Self.transcriptFile(["pricing-call"])
        let unknown = try CLITests.callsift(["analyze", transcript, "-o", directory, "--playbook", "no-such-playbook"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("playbook_not_found"), "\(unknown.stderr)")

        let usage = try CLITests.callsift(["analyze", transcript, "--min-confidence", "2"])
        #expect(usage.status == 2)
    }

    @Test func aRecordingGivesTheRepsPitchAndAMissingOneOnlyAWarning() throws {
        let transcript = try Self.transcriptFile(["pricing-call"])
        let directory = try temporaryDirectory("cli-analyze-pitch")
        // A steady 130 Hz hum under the whole call: a perfectly flat "voice".
        let recording = "\(directory)/call.wav"
        try Tool.run(["sox", "-n", "-r", "16000", "-c", "1", recording, "synth", "90", "sine", "130"])
        let run = try CLITests.callsift(["analyze", transcript, "-o", "\(directory)/out", "--recording", recording])
        #expect(run.status == 0, "\(run.stderr)")
        let analysis = try Self.files("\(directory)/out").first { $0.key.hasPrefix("analyses/") }!.value
        let scored = (try JSONSerialization.jsonObject(with: analysis) as! [String: Any])["analysis"] as! [String: Any]
        let delivery = (scored["evidence"] as! [String: Any])["delivery"] as! [String: Any]
        #expect(((delivery["measures"] as! [String: Any])["pitch_variation_semitones"] as? Double ?? 9) < 0.2)
        #expect(
            ((scored["feedback_v5"] as! [String: Any])["delivery"] as! [String: String])["negative"]!.contains(
                "Flat pitch"))

        let missing = try CLITests.callsift([
            "analyze", transcript, "-o", "\(directory)/out2", "--recording", "\(directory)/nope.wav",
        ])
        #expect(missing.status == 0)
        #expect(missing.stderr.contains("warning source_not_found: pitch not measured"), "\(missing.stderr)")
    }
}
