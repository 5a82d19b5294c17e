import Conversations
import Foundation
import LLM
import Transcripts

/// One conversation as a window's reply gives it, checked and mapped onto utterance indices.
struct CandidateSegment: Sendable, Equatable {
    var first: Int
    var last: Int
    var kind: ConversationSegment.Kind
    var outcome: ConversationSegment.Outcome
    var confidence: Double
    var customerName: String?
    var repName: String?
    var summary: String
    /// Cut by its window's first (last) line with more recording before (after) it: the same
    /// conversation likely goes on in the neighbouring window.
    var openStart = false
    var openEnd = false
    /// The windows (1-based) whose replies gave it.
    var windows: [Int]
    /// What validation changed, for the segment's signals ("confidence 1.7 clamped to 1").
    var repairs: [String] = []
}

/// What one reply holds: the segments that pass, and what was wrong with those that did not.
struct ParsedReply: Sendable {
    var segments: [CandidateSegment]
    /// One line per rejected item ("segments[2]: kind \"meeting\" is not sales, internal or voicemail").
    var problems: [String]
}

/// Reads the model's reply to one window: the JSON object (tolerantly), its shape, each segment's
/// fields. Indices (or, from a model that gives them instead, seconds) are clamped into the window
/// and mapped onto its utterances; confidence is clamped to 0…1; a missing summary is written.
enum DetectionReply {
    static let kinds = "sales, internal or voicemail"
    static let outcomes = "won, lost, ongoing or no_decision"

    /// A voicemail is often one utterance (the rep alone); the built-in detector keeps any span of 4 words.
    static let minimumVoicemailWords = 4

    static func words(_ utterance: Utterance) -> Int {
        utterance.words.isEmpty ? utterance.transcript.split(separator: " ").count : utterance.words.count
    }

    /// `llm_invalid_json` / `llm_truncated_json` when the reply is no usable object.
    static func parse(
        _ content: String, window: ClosedRange<Int>, windowNumber: Int, in transcript: DetectionTranscript
    ) throws(LLMError)
        -> ParsedReply
    {
        let object = try JSONExtraction.object(from: content)
        guard let items = object["segments"] as? [Any] else {
            let reason =
                object["segments"] == nil ? "the object has no \"segments\" array" : "\"segments\" is not an array"
            throw .invalidJSON(reason: reason, excerpt: excerpt(content))
        }
        var reply = ParsedReply(segments: [], problems: [])
        for (position, item) in items.enumerated() {
            switch segment(item, window: window, windowNumber: windowNumber, in: transcript) {
            case .success(let segment): reply.segments.append(segment)
            case .failure(let problem): reply.problems.append("segments[\(position)]: \(problem.reason)")
            }
        }
        return reply
    }

    struct Problem: Error {
        let reason: String
    }

    static func segment(_ item: Any, window: ClosedRange<Int>, windowNumber: Int, in transcript: DetectionTranscript)
        -> Result<CandidateSegment, Problem>
    {
        guard let fields = item as? [String: Any] else { return .failure(Problem(reason: "not an object")) }
        var repairs: [String] = []

        // Where: utterance indices, else seconds.
        let span: (Int, Int)
        if let first = integer(fields["start_utterance"]), let last = integer(fields["end_utterance"]) {
            let clampedFirst = min(max(first, window.lowerBound), window.upperBound)
            let clampedLast = min(max(last, window.lowerBound), window.upperBound)
            if clampedFirst != first || clampedLast != last {
                repairs.append("utterances \(first)–\(last) clamped to \(clampedFirst)–\(clampedLast)")
            }
            span = (clampedFirst, clampedLast)
        } else if let start = number(fields["start_seconds"]), let end = number(fields["end_seconds"]), start.isFinite,
            end.isFinite
        {
            guard let mapped = indices(start: start, end: end, window: window, in: transcript) else {
                return .failure(Problem(reason: "\(start)–\(end) s holds no utterance of the window"))
            }
            repairs.append("seconds mapped to utterances \(mapped.0)–\(mapped.1)")
            span = mapped
        } else {
            return .failure(Problem(reason: "no start_utterance and end_utterance (integers)"))
        }
        let utterances = transcript.utterances
        guard span.1 >= span.0, utterances[span.1].end > utterances[span.0].start else {
            return .failure(Problem(reason: "utterances \(span.0)–\(span.1) end before they start"))
        }

        // What.
        guard let kindText = fields["kind"] as? String else { return .failure(Problem(reason: "no kind (\(kinds))")) }
        guard let kind = ConversationSegment.Kind(rawValue: normalized(kindText)) else {
            return .failure(Problem(reason: "kind \"\(kindText)\" is not \(kinds)"))
        }
        guard span.1 > span.0 || (kind == .voicemail && words(utterances[span.0]) >= minimumVoicemailWords) else {
            return .failure(
                Problem(
                    reason:
                        "utterance \(span.0) alone is no conversation (2 utterances at least; a voicemail of \(minimumVoicemailWords) words)"
                )
            )
        }
        var outcome = ConversationSegment.Outcome.noDecision
        if let outcomeText = fields["detected_outcome"] as? String {
            let key = normalized(outcomeText)
            guard let known = ConversationSegment.Outcome(rawValue: key == "nodecision" ? "no_decision" : key) else {
                return .failure(Problem(reason: "detected_outcome \"\(outcomeText)\" is not \(outcomes)"))
            }
            outcome = known
        } else if kind == .sales {
            return .failure(Problem(reason: "no detected_outcome (\(outcomes))"))
        }
        guard let given = number(fields["confidence"]) else {
            return .failure(Problem(reason: "no confidence (a number from 0 to 1)"))
        }
        let confidence = given.isNaN ? 0 : min(1, max(0, given))
        if confidence != given { repairs.append("confidence \(given) clamped to \(format(confidence))") }

        let summary = (fields["summary"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if summary.isEmpty { repairs.append("summary written") }
        return .success(
            CandidateSegment(
                first: span.0, last: span.1, kind: kind, outcome: outcome, confidence: confidence,
                customerName: name(fields["customer_name"]),
                repName: name(fields["rep_name"]), summary: summary,
                openStart: span.0 == window.lowerBound && window.lowerBound > 0,
                openEnd: span.1 == window.upperBound && window.upperBound < utterances.count - 1,
                windows: [windowNumber],
                repairs: repairs))
    }

    /// The window's utterances that lie in `start…end` seconds (clamped to the recording): the
    /// first that ends after `start`, the last that starts before `end`.
    static func indices(start: Double, end: Double, window: ClosedRange<Int>, in transcript: DetectionTranscript) -> (
        Int, Int
    )? {
        let start = min(max(start, 0), transcript.durationSeconds)
        let end = min(max(end, 0), transcript.durationSeconds)
        let utterances = transcript.utterances
        guard let first = window.first(where: { utterances[$0].end > start }),
            let last = window.last(where: { utterances[$0].start < end }), last >= first
        else { return nil }
        return (first, last)
    }

    /// A whole number from a JSON number or a numeric string (models quote numbers now and then).
    static func integer(_ value: Any?) -> Int? {
        guard let number = number(value), number.isFinite, abs(number) < 1e9 else { return nil }
        return Int(number.rounded())
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as Double: number
        case let number as Int: Double(number)
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// A name, or nil for null, "", "null", "unknown", "n/a".
    static func name(_ value: Any?) -> String? {
        guard let text = (value as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
            !["null", "none", "unknown", "n/a", "na", "-"].contains(text.lowercased())
        else { return nil }
        return text
    }

    /// "No Decision", "no-decision" → "no_decision"; "Sales" → "sales".
    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
            .replacingOccurrences(of: "-", with: "_")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3g", value)
    }

    static func excerpt(_ text: String, limit: Int = 300) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
