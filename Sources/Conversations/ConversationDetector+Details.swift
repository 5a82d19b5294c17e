import Foundation
import Transcription

extension ConversationDetector {
    static let notNames: Set<String> = [
        "yes", "this", "that", "it", "hi", "hello", "thanks", "thank", "good", "great", "sure", "okay", "well", "the", "we", "i",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "speaking", "everyone", "again", "there",
        "so", "for", "you", "about", "in",
    ]
    // Keywords in any case, names capitalized: "Good morning, Morgan", "is this Casey".
    static let greetingName = try! NSRegularExpression(
        pattern: #"(?i:\b(?:am i speaking with|is this|speaking with|hello|hi|hey|good morning|good afternoon|good evening|thanks|thank you|bye)),? ([A-Z][a-z']+)"#)
    /// A name addressed at the end of a sentence: "Thanks for your time today, Daniel."
    static let addressedName = try! NSRegularExpression(pattern: #", ([A-Z][a-z']+)[.!?]"#)
    static let givenName = try! NSRegularExpression(pattern: #"(?i:\b(?:this is|my name is|i'm|it's)) ([A-Z][a-z']+)"#)
    static let repIntroduction = try! NSRegularExpression(
        pattern: #"(?i:\b(?:this is|it's|my name is|i'm)) ([A-Z][a-z']+),? (?i:from|with|at|calling from)\b|(?i:thank you for calling) [A-Z][\w ]*?[,.] (?i:this is) ([A-Z][a-z']+)"#)

    static func matches(_ regex: NSRegularExpression, in text: String) -> [String] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            (1..<match.numberOfRanges).lazy.compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }.first
        }
    }

    static func repName(_ span: [Utterance], repIDs: Set<Int>) -> String? {
        span.filter { repIDs.contains($0.speaker ?? -1) }.lazy.flatMap { matches(repIntroduction, in: $0.transcript) }.first
    }

    static func customerName(_ span: [Utterance], repIDs: Set<Int>, repName: String?) -> String? {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for utterance in span {
            let fromRep = repIDs.contains(utterance.speaker ?? -1)
            let found = fromRep
                ? matches(greetingName, in: utterance.transcript) + matches(addressedName, in: utterance.transcript)
                : matches(givenName, in: utterance.transcript)
            for name in found where !notNames.contains(name.lowercased()) && name != repName {
                if counts[name] == nil { order.append(name) }
                counts[name, default: 0] += 1
            }
        }
        return order.max { (counts[$0]!, -order.firstIndex(of: $0)!) < (counts[$1]!, -order.firstIndex(of: $1)!) }
    }

    static func outcome(_ span: [Utterance], repIDs: Set<Int>) -> (ConversationSegment.Outcome, String?) {
        let customerLines = span.filter { !repIDs.contains($0.speaker ?? -1) }.map { $0.transcript }
        let all = span.map(\.transcript)
        if let line = customerLines.first(where: { Cues.first(Cues.lost, in: $0.lowercased()) != nil }) { return (.lost, line) }
        if let line = customerLines.first(where: { Cues.first(Cues.won, in: $0.lowercased()) != nil }) { return (.won, line) }
        if let line = all.suffix(max(3, all.count / 3)).first(where: { Cues.first(Cues.nextStep, in: $0.lowercased()) != nil }) {
            return (.ongoing, line)
        }
        return (.noDecision, nil)
    }

    /// Extractive: who talked, the customer's first substantial line, and the line that decided the outcome.
    static func summary(
        _ span: [Utterance], kind: ConversationSegment.Kind, repIDs: Set<Int>, repName: String?, customer: String?,
        outcome: ConversationSegment.Outcome, quote: String?
    ) -> String {
        let rep = repName.map { "\($0) (rep)" } ?? "The rep"
        let customerLine = span.first { !repIDs.contains($0.speaker ?? -1) && $0.words.count >= 6 }?.transcript
        switch kind {
        case .voicemail:
            return "\(rep) leaves a voicemail\(customer.map { " for \($0)" } ?? ""): “\(span.first?.transcript.prefix(140) ?? "")”"
        case .internal:
            return "Not a sales conversation: “\(span.first?.transcript.prefix(140) ?? "")”"
        case .sales:
            let label = outcome == .noDecision ? "no decision" : outcome.rawValue
            let who = "\(rep) with \(customer ?? "a customer")" + (customerLine.map { ": “\($0.prefix(140))”" } ?? ".")
            return who + " Outcome: \(label)" + (quote.map { ": “\($0.prefix(120))”" } ?? ".")
        }
    }
}
