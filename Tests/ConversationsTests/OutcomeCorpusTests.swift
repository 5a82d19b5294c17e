import Foundation
import Testing
import Transcripts

@testable import Conversations

/// How calls end, on the closing turns of calls written independently of the cues, a quarter each
/// won, lost, ongoing and without a decision. The development corpus is what the outcome cues were
/// widened on; the held-out one is only measured.
struct OutcomeCorpusTests {
    struct Closing: Decodable {
        struct Line: Decodable {
            let speaker: String
            let text: String
        }
        let outcome: String
        let industry: String
        let lines: [Line]
    }

    static func load(_ name: String) throws -> [Closing] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Closings/\(name).jsonl")
        return try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Closing.self, from: Data($0.utf8))
        }
    }

    /// Each line an utterance of its own, 0.35 s a word; the rep is speaker 0.
    static func utterances(_ closing: Closing) -> [Utterance] {
        var time = 0.0
        return closing.lines.map { line in
            let speaker = line.speaker == "rep" ? 0 : 1
            let words = line.text.split(separator: " ").enumerated().map { index, token in
                Word(
                    word: token.lowercased().trimmingCharacters(in: .punctuationCharacters),
                    punctuatedWord: String(token),
                    start: time + Double(index) * 0.35, end: time + Double(index) * 0.35 + 0.3, confidence: 0.9,
                    speaker: speaker)
            }
            defer { time += Double(words.count) * 0.35 + 0.6 }
            return Utterance(
                start: time, end: time + Double(words.count) * 0.35, speaker: speaker, channel: nil,
                transcript: line.text, confidence: 0.9,
                words: words)
        }
    }

    /// The share of closings whose outcome is found, with the misses listed.
    static func accuracy(_ name: String) throws -> (share: Double, misses: [String]) {
        let closings = try load(name)
        var misses: [String] = []
        for closing in closings {
            let found = ConversationDetector.outcome(utterances(closing), repIDs: [0])
            if found.outcome.rawValue != closing.outcome {
                misses.append(
                    "\(closing.outcome) heard as \(found.outcome.rawValue) (\(closing.industry)): \(found.quote ?? "-")"
                )
            }
        }
        return (Double(closings.count - misses.count) / Double(closings.count), misses)
    }

    /// 220 closings (two writers) the cues were widened on: 48% found before, 95% after.
    @Test func closingsTheCuesWereWidenedOn() throws {
        let (share, misses) = try Self.accuracy("development")
        #expect(share >= 0.93, "\(misses.count) misses:\n\(misses.joined(separator: "\n"))")
    }

    /// 100 closings by a third writer, never read while writing a cue: 52% before the widening, 68%
    /// after. The floor guards against losing what generalised; the README gives the figure.
    @Test func closingsNoCueWasWrittenFrom() throws {
        let (share, misses) = try Self.accuracy("heldout")
        #expect(share >= 0.65, "\(misses.count) misses")
    }
}
