import Scoring
import Testing
import Transcripts

/// The interaction figures, on a call whose turns are timed by hand so each figure is known.
@Suite struct InteractionFiguresTests {
    static func turn(_ speaker: Int, _ start: Double, _ end: Double, _ text: String) -> Utterance {
        let tokens = text.split(separator: " ")
        let step = (end - start) / Double(tokens.count)
        let words = tokens.enumerated().map { index, token in
            Word(
                word: token.lowercased(), punctuatedWord: String(token), start: start + Double(index) * step,
                end: start + Double(index + 1) * step, confidence: 0.9, speaker: speaker, channel: nil)
        }
        return Utterance(
            start: start, end: end, speaker: speaker, channel: nil, transcript: text, confidence: 0.9, words: words)
    }

    @Test func eachFigureIsMeasuredFromTheTurnsTimes() {
        // Rep 0: 10 s + 20 s back to back (a 30 s monologue over two turns), then 6 s.
        // Customer 1: 12 s, then 8 s and 10 s with no rep turn between (a 20 s story, the pause included).
        let turns = [
            Self.turn(0, 0, 10, "Hi Sam, how is the new office working out for the team so far?"),
            Self.turn(0, 10, 30, "We help teams like yours move phones in a day. What does your setup look like?"),
            Self.turn(1, 31, 43, "Honestly it is a mess, half the staff use their own mobiles"),
            Self.turn(0, 44, 50, "Would a demo on Tuesday at ten help?"),
            Self.turn(1, 51, 59, "Tuesday at ten works for me."),
            Self.turn(1, 61, 71, "Send me the invite and I will bring our office manager too."),
        ]
        let figures = InteractionFigures(
            CallSlice(utterances: turns, repSpeakers: [0], startSeconds: 0, endSeconds: 71))
        #expect(figures.longestMonologueSeconds == 30)
        #expect(figures.customerLongestStorySeconds == 20, "61 − 51 + 10: customer turns with no rep turn between")
        #expect(abs((figures.repTalkShare ?? 0) - 36.0 / 66.0) < 1e-9, "speaking seconds, not words")
        #expect(figures.questionsAsked == 3)
        let repWords = turns.filter { $0.speaker == 0 }.reduce(0) { $0 + $1.words.count }
        #expect(figures.wordsPerMinute == Int((Double(repWords) / (36.0 / 60)).rounded()))

        let silent = InteractionFigures(CallSlice(utterances: [], repSpeakers: [0], startSeconds: 0, endSeconds: 10))
        #expect(silent.repTalkShare == nil && silent.wordsPerMinute == 0 && silent.questionsAsked == 0)
    }
}
