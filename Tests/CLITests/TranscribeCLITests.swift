import Foundation
import TestSupport
import Testing

/// `callsift transcribe` as a user runs it.
@Suite(.serialized) struct TranscribeCLITests {
    @Test func transcribesAStereoCallIntoTranscriptJSON() throws {
        let conversation = try Fixtures.shared().conversation()
        let output = try temporaryDirectory("cli-transcribe") + "/transcript.json"
        let result = try CLITests.callsift(["transcribe", conversation.stereo, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("2 speaker(s) (0: rep, 1: customer)"), "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        for key in [
            "words", "utterances", "text", "word_count", "duration_seconds", "overall_sentiment", "sentiment_score",
            "speakers",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let words = try #require(object["words"] as? [[String: Any]])
        #expect(words.count > 100)
        for key in ["word", "punctuated_word", "start", "end", "confidence", "speaker", "channel"] {
            #expect(words[0][key] != nil, "a word lacks \(key)")
        }
        let utterance = try #require((object["utterances"] as? [[String: Any]])?.first)
        for key in ["start", "end", "speaker", "channel", "transcript", "words", "sentiment", "sentiment_score"] {
            #expect(utterance[key] != nil, "an utterance lacks \(key)")
        }
    }

    @Test func importsASidecarBesideTheRecording() throws {
        let directory = try temporaryDirectory("cli-sidecar")
        let recording = "\(directory)/call.mp3"
        try FileManager.default.copyItem(atPath: try Fixtures.shared().speech[.mp3]!, toPath: recording)
        try """
        1
        00:00:00,500 --> 00:00:02,000
        Alex: Hello, this is Alex from Northwind.

        2
        00:00:02,400 --> 00:00:04,000
        Jordan: Great, thanks for calling.

        """.write(toFile: "\(directory)/call.srt", atomically: true, encoding: .utf8)
        let result = try CLITests.callsift(["transcribe", recording, "--engine", "sidecar"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["engine"] as? String == "sidecar")
        #expect(object["word_count"] as? Int == 10)
        let speakers = try #require(object["speakers"] as? [[String: Any]])
        #expect(speakers.first { $0["role"] as? String == "rep" }?["id"] as? Int == 0)
    }

    @Test func transcribesFromAURL() throws {
        let url = try FixtureServer.shared().url("range", try Fixtures.shared().speech[.mp3]!)
        let result = try CLITests.callsift(["transcribe", url])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["text"] as? String)?.lowercased().contains("northwind") == true, "\(object["text"] ?? "")")
    }

    @Test func aMissingRecordingOrSidecarExitsOne() throws {
        let fixtures = try Fixtures.shared()
        let missing = try CLITests.callsift(["transcribe", fixtures.missing])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("source_not_found"))
        let noSidecar = try CLITests.callsift(["transcribe", fixtures.speech[.flac]!, "--engine", "sidecar"])
        #expect(noSidecar.status == 1)
        #expect(noSidecar.stderr.contains("sidecar_not_found"))
    }

    @Test func deepgramWithoutAKeyIsUnavailable() throws {
        let result = try Tool.run(
            [
                "env", "-u", "DEEPGRAM_API_KEY", CLITests.binary, "transcribe", try Fixtures.shared().speech[.mp3]!,
                "--engine", "deepgram",
            ],
            check: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("engine_unavailable"))
        #expect(result.stderr.contains("DEEPGRAM_API_KEY"))
    }
}
