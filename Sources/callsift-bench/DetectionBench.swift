import Conversations
import Foundation
import Sessions
import TestSupport
import Transcription
import Transcripts

/// Conversation detection and analysis on an 8-hour transcript: the sample workday's truth, repeated 60 times.
enum DetectionBench {
    static func run(row: (String, String, String, String) -> Void) async throws {
        let directory = "\(workDirectory)/samples"
        let script = FileManager.default.currentDirectoryPath + "/samples/generate.py"
        try Tool.run(["python3", script, directory])
        let day = try GroundTruth.load(path: "\(directory)/workday-stereo.truth.json")
        var words: [Word] = []
        for copy in 0..<60 {
            let offset = Double(copy) * day.durationSeconds
            for turn in day.turns {
                let tokens = turn.text.split(separator: " ").map(String.init)
                let step = (turn.end - turn.start) / Double(max(1, tokens.count))
                let speaker = turn.speaker == "rep" ? 0 : 1
                for (index, token) in tokens.enumerated() {
                    words.append(
                        Word(
                            word: token.lowercased().trimmingCharacters(in: .punctuationCharacters),
                            punctuatedWord: token,
                            start: offset + turn.start + Double(index) * step,
                            end: offset + turn.start + Double(index + 1) * step,
                            confidence: 1, speaker: speaker, channel: speaker))
                }
            }
        }
        let hours = 60 * day.durationSeconds / 3600
        let transcript = TranscriptAssembler.assemble(
            imported: ImportedTranscript(
                format: "truth", words: words, utterances: nil, channels: 2, durationSeconds: 60 * day.durationSeconds,
                language: "en", model: nil),
            engine: "truth", durationSeconds: 60 * day.durationSeconds, skipDiarization: false)
        let started = Date()
        let segments = ConversationDetector.detect(transcript)
        let seconds = Date().timeIntervalSince(started)
        row(
            String(format: "detect conversations, %.1f h", hours),
            String(format: "%.3f s (%d utterances, %d words)", seconds, transcript.utterances.count, words.count),
            "\(segments.count) found, \(60 * day.conversations.count) true", "")
        // The whole of `callsift analyze` but the file writes: detection, statuses, V5 analysis of
        // every analyzed segment (5 at once), records in the shapes of the all-day session and analysis APIs.
        let analyzeStarted = Date()
        let session = try await SessionAnalysis.run(
            transcript: transcript, request: SessionRequest(sessionID: DeterministicID.make(name: "bench")))
        let analyzeSeconds = Date().timeIntervalSince(analyzeStarted)
        let encodeStarted = Date()
        let bytes = try session.analyses.reduce(0) { $0 + (try BundleWriter.encoder.encode($1)).count }
        let encodeSeconds = Date().timeIntervalSince(encodeStarted)
        row(
            String(format: "detect + analyze, %.1f h", hours),
            String(format: "%.3f s (%d analyses)", analyzeSeconds, session.analyses.count),
            String(format: "+ %.3f s to encode them (%.1f MB of JSON)", encodeSeconds, Double(bytes) / 1e6),
            "target < 1 s")
    }
}
