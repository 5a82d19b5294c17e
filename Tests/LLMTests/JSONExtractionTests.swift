import Foundation
import LLM
import Testing

/// What models send back instead of bare JSON, read by `JSONExtraction`.
@Suite struct JSONExtractionTests {
    struct Reply: Decodable, Equatable {
        var score: Int
        var note: String?
    }

    static func object(_ reply: String) throws -> [String: Any] {
        try JSONExtraction.object(from: reply)
    }

    static func code(_ reply: String) -> String? {
        do {
            _ = try JSONExtraction.data(from: reply)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func plainJSON() throws {
        #expect(try Self.object(#"{"score": 87, "note": "ok"}"#)["score"] as? Int == 87)
        #expect(try Self.object("  \n{\"score\": 1}\n")["score"] as? Int == 1)
    }

    @Test func aFenceWithOrWithoutLanguage() throws {
        #expect(try Self.object("```json\n{\"score\": 2}\n```")["score"] as? Int == 2)
        #expect(try Self.object("```\n{\"score\": 3}\n```")["score"] as? Int == 3)
        #expect(
            try Self.object("Sure! Here it is:\n```JSON\n{\"score\": 4}\n```\nAnything else?")["score"] as? Int == 4)
        #expect(try Self.object("```{\"score\": 5}```")["score"] as? Int == 5)
    }

    /// A fence holding an example comes before the real answer; the first object that parses wins,
    /// fences first.
    @Test func theFirstFenceThatParsesWins() throws {
        let reply = "```text\nnot json\n```\nand then\n```json\n{\"score\": 6}\n```"
        #expect(try Self.object(reply)["score"] as? Int == 6)
    }

    @Test func proseAroundTheObject() throws {
        let reply =
            "Based on the transcript, my assessment is {\"score\": 7, \"note\": \"good {rapport}\"} as requested."
        let decoded = try JSONExtraction.decode(Reply.self, from: reply)
        #expect(decoded == Reply(score: 7, note: "good {rapport}"))
    }

    /// Braces and quotes inside strings do not count, escaped quotes included.
    @Test func bracesInsideStrings() throws {
        let reply = #"{"note": "she said \"}{\" twice", "score": 8} trailing } prose"#
        #expect(try JSONExtraction.decode(Reply.self, from: reply) == Reply(score: 8, note: #"she said "}{" twice"#))
    }

    /// A `{` in the prose that is not JSON is passed over.
    @Test func aBraceInProseBeforeTheObject() throws {
        #expect(try Self.object("Use the {template} format: {\"score\": 9}")["score"] as? Int == 9)
    }

    @Test func trailingCommasRemoved() throws {
        let object = try Self.object("{\"score\": 10, \"list\": [1, 2, 3,], \"inner\": {\"a\": \"x,}\",},\n}")
        #expect(object["score"] as? Int == 10)
        #expect((object["list"] as? [Any])?.count == 3)
        #expect((object["inner"] as? [String: Any])?["a"] as? String == "x,}")
    }

    @Test func rawNewlinesInStringsEscaped() throws {
        let decoded = try JSONExtraction.decode(
            Reply.self, from: "{\"score\": 11, \"note\": \"line one\nline two\ttab\"}")
        #expect(decoded.note == "line one\nline two\ttab")
    }

    @Test func nestedObjectsAndUnicode() throws {
        let object = try Self.object("Résumé → {\"name\": \"Zoë 😀\", \"nested\": {\"deep\": [{\"x\": 1}]}}")
        #expect(object["name"] as? String == "Zoë 😀")
    }

    @Test func truncatedJSONIsReportedAsTruncated() {
        #expect(Self.code(#"{"score": 87, "quotes": ["we can"#) == "llm_truncated_json")
        #expect(Self.code("```json\n{\"score\": 87, \"inner\": {\"a\": 1}, \"b\": [") == "llm_truncated_json")
        // The inner, complete object is not taken for the answer.
        #expect(Self.code(#"{"outer": {"inner": 1}, "cut": "#) == "llm_truncated_json")
        #expect(Self.code(#"Here: {"score": 8"#) == "llm_truncated_json")
    }

    @Test func truncationIsRepairable() {
        do {
            _ = try JSONExtraction.data(from: #"{"a": ["#)
            Issue.record("a truncated reply was accepted")
        } catch {
            #expect(error.isRepairable)
            #expect(error.code == "llm_truncated_json")
        }
    }

    @Test func noJSONAtAll() {
        #expect(Self.code("I cannot help with that.") == "llm_invalid_json")
        #expect(Self.code("") == "llm_invalid_json")
        #expect(Self.code("{not json at all}") == "llm_invalid_json")
        // A top-level array is not the object asked for.
        #expect(Self.code("[1, 2, 3]") == "llm_invalid_json")
    }

    @Test func theWrongShapeIsInvalidJSON() {
        do {
            _ = try JSONExtraction.decode(Reply.self, from: #"{"note": "no score"}"#)
            Issue.record("a reply without its score was accepted")
        } catch {
            #expect(error.code == "llm_invalid_json")
            #expect(error.message.contains("score"))
        }
    }

    /// The text handed back is the object alone, ready for JSONDecoder.
    @Test func theDataIsTheObjectAlone() throws {
        let data = try JSONExtraction.data(from: "Result:\n```json\n{\"score\": 12,}\n```")
        #expect(String(decoding: data, as: UTF8.self) == "{\"score\": 12}")
    }
}
