import Conversations
import Core
import Testing

@testable import LLMEngines

/// What `callsift eval --manifest` reports per LLM stage, from what the stages recorded.
struct StageFiguresTests {
    @Test func detectionsCountFirstRepliesRepairsAndFallbacks() {
        var figures = StageFigures(stage: "detection")
        figures.add(
            DetectionOutcome(
                segments: [], usage: Usage(calls: 4, requests: 5, promptTokens: 900, completionTokens: 90, seconds: 8),
                windows: 3, repairs: 1))
        figures.add(
            DetectionOutcome(
                segments: [], usage: Usage(calls: 2, requests: 2, promptTokens: 400, completionTokens: 10, seconds: 2),
                fallback: "llm_invalid_json", windows: 1, repairs: 1))
        #expect(figures.events == 2 && figures.requests == 7 && figures.calls == 6)
        #expect(figures.promptTokens == 1300 && figures.completionTokens == 100)
        #expect(figures.validFirstReplies == 2, "two of the first detection's three windows")
        #expect(figures.repairs == 2 && figures.fallbacks == 1)
        #expect(figures.medianSeconds == 2 && figures.p95Seconds == 8)
        #expect(figures.line.hasPrefix("detection: 2 event(s), 7 request(s) (6 answered, 0 failed)"), "\(figures.line)")
    }

    @Test func percentilesAreNearestRank() {
        let values = (1...20).map(Double.init)
        #expect(StageFigures.percentile(values, 0.5) == 10)
        #expect(StageFigures.percentile(values, 0.95) == 19)
        #expect(StageFigures.percentile([4], 0.95) == 4)
        #expect(StageFigures.percentile([], 0.5) == nil)
    }
}
