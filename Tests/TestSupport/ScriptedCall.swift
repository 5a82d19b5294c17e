import Foundation
import Transcripts

/// Conversations written as "REP: …" / "CUSTOMER: …" lines (the samples' script format), turned into
/// utterances as an engine would give them: speaker 0 is the rep, words 0.4 s apart, 0.6 s between
/// turns. "PAUSE: 1.5" adds silence; "# …" lines are notes. No audio: for tests of what comes after
/// transcription.
public enum ScriptedCall {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The lines of `samples/scripts/NAME.txt`.
    public static func script(_ name: String) throws -> [String] {
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("samples/scripts/\(name).txt"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    public static func utterances(_ lines: [String], startingAt start: Double = 0) -> [Utterance] {
        var clock = start
        var utterances: [Utterance] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") else { continue }
            let label = line[..<colon]
            let text = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if label == "PAUSE" {
                clock += Double(text) ?? 0
                continue
            }
            let speaker = label == "REP" ? 0 : label == "CUSTOMER" ? 1 : 2
            let words = text.split(separator: " ").enumerated().map { index, token in
                Word(
                    word: token.lowercased().trimmingCharacters(in: .punctuationCharacters),
                    punctuatedWord: String(token),
                    start: clock + Double(index) * 0.4, end: clock + Double(index) * 0.4 + 0.35, confidence: 0.95,
                    speaker: speaker, channel: nil)
            }
            let end = words.last?.end ?? clock
            utterances.append(
                Utterance(
                    start: clock, end: end, speaker: speaker, channel: nil, transcript: text, confidence: 0.95,
                    words: words))
            clock = end + 0.6
        }
        return utterances
    }

    /// A whole transcript of several scripts, each starting `gap` seconds after the last ended;
    /// speaker 0 is the rep, 1 the customers, 2 a colleague.
    public static func transcript(_ scripts: [[String]], gap: Double = 30) -> Transcript {
        var utterances: [Utterance] = []
        var clock = 0.0
        for lines in scripts {
            let call = self.utterances(lines, startingAt: clock)
            utterances += call
            clock = (call.last?.end ?? clock) + gap
        }
        let words = utterances.flatMap(\.words)
        let speakers = [0, 1, 2].filter { id in utterances.contains { $0.speaker == id } }.map { id in
            Speaker(
                id: id, role: id == 0 ? .rep : .customer, words: words.filter { $0.speaker == id }.count,
                talkSeconds: utterances.filter { $0.speaker == id }.reduce(0) { $0 + $1.end - $1.start },
                reason: "scripted")
        }
        return Transcript(
            words: words, utterances: utterances, durationSeconds: clock, channels: 1, speakers: speakers,
            engine: "script", model: nil,
            diarization: "script", language: "en", text: utterances.map(\.transcript).joined(separator: " "),
            wordCount: words.count,
            overallSentiment: .neutral, sentimentScore: 0)
    }
}
