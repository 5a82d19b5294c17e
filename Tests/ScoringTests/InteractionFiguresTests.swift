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

/// The conversation's timeline on the samples' hand-written calls, whose course is known.
@Suite struct ConversationTimelineTests {
    @Test func theDiscoveryCallRunsFromOpeningThroughItsObjectionToADatedClose() throws {
        let analysis = try AnalyzerTests.sample("discovery-call")
        let timeline = try #require(analysis.timeline)
        let names = timeline.phases.map(\.name)
        #expect(names.first == "opening", "\(names)")
        #expect(
            names.contains("discovery") && names.contains("objection_handling") && names.contains("close"), "\(names)")
        #expect(
            try #require(names.firstIndex(of: "discovery")) < #require(names.lastIndex(of: "close")), "\(names)")
        // Phases tile the call in order; transitions sit at their boundaries.
        for (a, b) in zip(timeline.phases, timeline.phases.dropFirst()) {
            #expect(a.name != b.name && a.startSeconds < b.startSeconds && a.endSeconds <= b.endSeconds + 0.001)
        }
        #expect(timeline.transitions.count == timeline.phases.count - 1)
        #expect(zip(timeline.transitions, timeline.phases.dropFirst()).allSatisfy { $0.atSeconds == $1.startSeconds })

        // The objection ("My concern is the contract"), the ask, the customer's commitment; ids in time order.
        let types = Set(timeline.moments.map(\.type))
        #expect(types.isSuperset(of: ["objection", "call_to_action", "commitment"]), "\(types)")
        #expect(timeline.moments.contains { $0.type == "objection" && $0.quote.contains("My concern is the contract") })
        #expect(timeline.moments.map(\.id) == timeline.moments.indices.map { "m\($0 + 1)" })
        #expect(timeline.moments.map(\.startSeconds) == timeline.moments.map(\.startSeconds).sorted())
        #expect(timeline.moments.filter { $0.type == "commitment" }.allSatisfy { $0.speaker == "customer" })

        // A minute of engagement per started minute, shares within 0…1.
        let length = analysis.synthesisSnapshot.endSeconds - analysis.synthesisSnapshot.startSeconds
        #expect(timeline.engagement.count == Int((length / 60).rounded(.up)))
        #expect(timeline.engagement.allSatisfy { ($0.repTalkShare ?? 0) >= 0 && ($0.repTalkShare ?? 0) <= 1 })
        #expect(Set(timeline.methods.keys) == ["phases", "moments", "engagement"])
    }

    @Test func aLostCallToACompetitorHasTheCompetitorMentioned() throws {
        let timeline = try #require(try AnalyzerTests.sample("competitor-call").timeline)
        #expect(timeline.moments.contains { $0.type == "competitor_mention" }, "\(timeline.moments.map(\.type))")
        #expect(timeline.phases.contains { $0.name == "objection_handling" })
    }
}
