import Foundation
import Testing

@testable import LLMEngines

@Suite struct PromptFileTests {
    @Test func theNewestVersionIsLoadedWithItsDigest() throws {
        let prompt = try PromptFile.load("analyze")
        #expect(prompt.id == "callsift-llm-analyze")
        #expect(prompt.version.wholeMatch(of: #/\d+ \(sha256:[0-9a-f]{12}\)/#) != nil, "\(prompt.version)")
        #expect(prompt.text.contains("word for word"))
        #expect(throws: LLMEngineError.promptMissing("nope")) { try PromptFile.load("nope") }
    }
}
