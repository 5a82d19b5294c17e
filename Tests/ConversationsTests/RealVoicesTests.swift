import Conversations
import Foundation
import Media
import TestSupport
import Testing
import Transcription

/// Diarization on real human voices: two-voice dialogues built from the speech Debian's
/// pocketsphinx-testdata ships (a LibriVox reader, the "cards" speaker, the digits speaker), one
/// side or both on a phone line, transcribed and diarized for real.
@Suite(.serialized) struct RealVoicesTests {
    static let directory: Result<String, any Error> = Result {
        let directory = try temporaryDirectory("real-dialogues")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../TestSupport/real_dialogues.py"
        )
        .standardized.path
        try Tool.run(["python3", script, directory])
        return directory
    }

    struct Turn: Decodable {
        let speaker: String
        let start: Double
        let end: Double
    }

    @Test(arguments: ["reader-cards", "reader-digits", "cards-digits-phone"])
    func aTwoPartyDialogueIsTwoSpeakers(name: String) async throws {
        let directory = try Self.directory.get()
        let turns = try JSONDecoder().decode(
            [Turn].self, from: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).turns.json")))
        let engine = try WhisperEngine()
        defer { engine.shutdown() }
        let transcript = try await Transcriber.transcribe(MediaSource("\(directory)/\(name).wav"), engine: engine)
        let evaluation = DiarizationEvaluation(
            reference: turns.map { .init(speaker: $0.speaker, start: $0.start, end: $0.end) },
            hypothesis: transcript.speakerTurns.map { .init(speaker: "\($0.speaker)", start: $0.start, end: $0.end) })
        print(
            String(
                format:
                    "RealVoicesTests %@: %d speaker(s), DER %.3f (missed %.3f, false alarm %.3f, confusion %.3f), coverage %.3f",
                name, transcript.speakers.count, evaluation.der, evaluation.missed, evaluation.falseAlarm,
                evaluation.confusion,
                transcript.speechCoverage ?? -1))
        #expect(transcript.diarization == "voice embeddings")
        #expect(transcript.speakers.count == 2, "never one speaker for a two-party dialogue")
        // Who spoke is right where there are words; speech the voice-activity detector missed
        // (a quiet "four of clubs") is most of the rest.
        #expect(evaluation.confusion <= 0.15)
        #expect(evaluation.der <= 0.25)
    }
}
