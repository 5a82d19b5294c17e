import Foundation
import Transcripts

/// What the detector says about one span: its kind, confidence, status and why, the customer's
/// name and where it was heard, the outcome, and an extractive summary.
///
/// **Outcome** (sales only): the customer's last decisive line decides: *lost* if it declines or
/// chose someone else ("decided to go with", "we're gonna hold off", "we'll pass"), *won* if it
/// commits ("let's do it", "put us down for the twelve month", "how do I pay"); else, from what the rep says back when the customer's
/// words were not heard, *won* ("welcome aboard", "I'll get the paperwork started") or, in the last
/// third of the rep's lines, *lost* ("if anything changes", "keep us in mind"); else *ongoing* if a
/// concrete next step with a day or time is set in the last third of the call ("Tuesday at ten
/// works", "send me the invite", "talk to you Tuesday"), else *no decision*. The customer's lines
/// are those of the voices that are not the rep; with one voice heard, every line, and when the
/// others say under a quarter of the words and nothing decisive, every line too.
///
/// **Customer name**: the name the rep greets or addresses ("am I speaking with Jordan", "good
/// morning Morgan", "thanks for your time, Daniel.") or the customer gives ("this is Taylor",
/// "Taylor speaking"); the one heard most often wins (the earliest on a tie), never the rep's own
/// name. The segment keeps the quote it was first heard in and how many times it was heard.
///
/// **Rep name**: what the manifest or the playbook knows (`Options.repName`), else the name the
/// rep introduced themselves with in the recording.
extension ConversationDetector {
    static func describe(
        _ span: [Utterance], lower: [String], repIDs: Set<Int>, repName: String?, edges: (Double, Double),
        signals: [String], options: Options
    ) -> ConversationSegment {
        let start = span.first?.start ?? 0
        let end = span.last?.end ?? start
        let wordCount = words(span[...])
        let text = lower.joined(separator: " ")
        let tokens = text.split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        let terms = Set(tokens.filter(Cues.salesTerms.contains)).union(
            Cues.first(Cues.priceQuoted, in: text) == nil ? [] : ["a price quoted"])
        var bySpeaker: [Int: Int] = [:]
        for utterance in span { bySpeaker[utterance.speaker ?? 0, default: 0] += max(1, utterance.words.count) }
        let total = bySpeaker.values.reduce(0, +)
        let mainShare = Double(bySpeaker.values.max() ?? 0) / Double(max(1, total))
        let voices = bySpeaker.values.filter { $0 >= 3 && Double($0) >= 0.05 * Double(total) }.count
        let opening = lower.prefix(3).lazy.compactMap { Cues.first(Cues.openings, in: $0) }.first
        let introduction = lower.prefix(3).lazy.compactMap { Cues.first(Cues.introductions, in: $0) }.first
        let closing = lower.suffix(3).lazy.compactMap { Cues.first(Cues.closings, in: $0) }.first
        let voicemailCue = Cues.first(Cues.voicemail, in: text)
        let customer = customerName(span, repIDs: repIDs, repName: repName)
        let outcome = outcome(span, repIDs: repIDs)
        let internalKinds = Cues.internalTalk.filter { Cues.first([$0], in: text) != nil }.count
        let selling =
            min(3, terms.count) + (introduction != nil ? 2 : opening != nil ? 1 : 0) + (outcome.quote == nil ? 0 : 1)
            + (customer == nil ? 0 : 1)

        let kind: ConversationSegment.Kind
        let why: String
        if wordCount < minimumWords {
            kind = .fragment
            why = "a fragment: \(wordCount) word\(wordCount == 1 ? "" : "s"), too few for a conversation"
        } else if let machine = automatedLine(span, lower: lower) {
            kind = .automated
            why = "an automated line: a phone menu or hold message (“\(machine)”) that nobody answered"
        } else if let voicemailCue, mainShare >= 0.9 || (mainShare >= 0.6 && turns(span) <= 3) {
            // One voice leaving a message, perhaps after the callee's recorded greeting.
            kind = .voicemail
            why = "a voicemail: one voice leaving a message (“\(voicemailCue)”)"
        } else if !terms.isEmpty, selling >= 3, selling >= internalKinds + 1 {
            kind = .sales
            why = ""
        } else {
            kind = .internal
            why =
                selling < 3 || terms.isEmpty
                ? "not a sales conversation: \(voices) voice\(voices == 1 ? "" : "s") and little selling (evidence \(selling) of the 3 needed)"
                : "not a sales conversation: colleagues talking (internal evidence \(internalKinds) against selling evidence \(selling))"
        }
        let oneVoice = kind == .sales && voices < 2
        var confidence: Double
        if kind == .sales {
            confidence =
                0.55 + (opening == nil ? 0 : 0.15) + (closing == nil ? 0 : 0.1) + 0.1 * min(1, Double(terms.count) / 6)
                + 0.1 * min(edges.0, edges.1)
            confidence = oneVoice ? max(0.5, min(0.75, confidence)) : min(0.99, confidence)
        } else {
            confidence = min(0.45, 0.1 + 0.05 * Double(terms.count))
        }
        confidence = (confidence * 1000).rounded() / 1000
        let status: ConversationSegment.Status
        let reason: String
        switch kind {
        case .sales:
            status = .ofSales(confidence: confidence, minConfidence: options.minConfidence)
            reason =
                switch status {
                case _ where oneVoice:
                    "sells, but only one voice was heard: diarization may have missed the other party; review it"
                case .analyzed:
                    String(format: "confidence %.2f reaches min_confidence %.2f", confidence, options.minConfidence)
                case .needsReview:
                    String(format: "confidence %.2f is under min_confidence %.2f", confidence, options.minConfidence)
                case .skipped:
                    String(format: "confidence %.2f is under %.1f", confidence, ConversationSegment.Status.reviewFloor)
                }
        case .internal where confidence >= options.minConfidence:
            // A span judged internal is analyzed only when the user lowered min_confidence below
            // its confidence: how a misclassified sale is rescued.
            (status, reason) = (
                .analyzed,
                why
                    + String(
                        format: "; analyzed all the same: confidence %.2f reaches min_confidence %.2f", confidence,
                        options.minConfidence)
            )
        default:
            (status, reason) = (.skipped, why)
        }
        var allSignals =
            signals + [
                "\(kind.rawValue): \(voices) voice(s), main speaker \(Int(mainShare * 100))% of words, selling terms "
                    + (terms.isEmpty ? "none" : terms.sorted().prefix(8).joined(separator: ", "))
                    + ", selling evidence \(selling), internal evidence \(internalKinds)"
            ]
        if let opening { allSignals.append("opens with “\(opening)”") }
        if let closing { allSignals.append("ends with “\(closing)”") }
        if let voicemailCue { allSignals.append("voicemail cue “\(voicemailCue)”") }
        if oneVoice { allSignals.append("one voice: the other party was not told apart") }
        let named = kind == .sales || kind == .voicemail ? customer : nil
        let sales = kind == .sales
        return ConversationSegment(
            startSeconds: start, endSeconds: end, confidence: confidence, customerName: named?.name,
            customerNameEvidence: named?.evidence,
            repName: repName, kind: kind, detectedOutcome: sales ? outcome.outcome : .noDecision,
            summary: summary(
                span, kind: kind, repIDs: repIDs, repName: repName, customer: named?.name, outcome: outcome.outcome,
                quote: sales ? outcome.quote : nil),
            status: status, statusReason: reason, signals: allSignals)
    }

    /// The machine's words when a span is a line's machine talking and nobody answering: two
    /// phone-menu or hold cues, and fewer than 20 words said outside the machine's lines (a rep's
    /// "hello? anyone there?"). A call that is answered after the menu has a conversation in it.
    static func automatedLine(_ span: [Utterance], lower: [String]) -> String? {
        let machine = lower.map { Cues.count(Cues.automatedLine, in: $0) }
        guard machine.reduce(0, +) >= 2 else { return nil }
        guard words(zip(span, machine).filter { $0.1 == 0 }.map(\.0)[...]) < 20 else { return nil }
        return lower.lazy.compactMap { Cues.first(Cues.automatedLine, in: $0) }.first
    }

    /// How many times the speaker changes, plus one.
    static func turns(_ span: [Utterance]) -> Int {
        zip(span, span.dropFirst()).filter { $0.speaker != $1.speaker }.count + 1
    }

    static let notNames: Set<String> = [
        "yes", "yeah", "yep", "no", "nope", "this", "that", "it", "hi", "hello", "hey", "thanks", "thank", "good",
        "great", "sure", "okay", "ok", "well", "the", "we", "i", "you", "so", "for", "about", "in", "oh", "um", "uh",
        "sorry", "right", "perfect", "awesome", "wonderful", "fine", "morning", "afternoon", "evening", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "speaking", "everyone", "again", "there",
        "sir", "ma'am", "guys", "all", "just", "calling", "here", "now", "today", "again", "honestly", "actually",
        "absolutely", "totally", "exactly", "cool", "nice", "bye", "goodbye", "what", "who", "how", "why", "when",
        "where", "is", "are", "and", "but", "or", "not", "very", "much", "a", "an", "mr", "mrs", "ms", "miss", "dr",
        "sir", "madam",
    ]
    // Keywords in any case, names capitalized: "Good morning, Morgan", "is this Casey".
    static let greetingName = try! NSRegularExpression(
        pattern:
            #"(?i:\b(?:am i speaking with|am i talking to|is this|speaking with|hello|hi|hey|good morning|good afternoon|good evening|thanks|thank you|bye|morning|afternoon)),? ([A-Z][a-z']+)"#
    )
    /// A name addressed at the end of a sentence: "Thanks for your time today, Daniel."
    static let addressedName = try! NSRegularExpression(pattern: #", ([A-Z][a-z']+)[.!?]"#)
    static let givenName = try! NSRegularExpression(
        pattern: #"(?i:\b(?:this is|my name is|i'm|it's|name's)) ([A-Z][a-z']+)|^([A-Z][a-z']+) (?i:speaking|here)\b"#)
    static let repIntroduction = try! NSRegularExpression(
        pattern:
            #"(?i:\b(?:this is|it's|my name is|i'm)) ([A-Z][a-z']+),? (?i:from|with|at|over at|calling from|here at)\b|(?i:thank you for calling) [A-Z][\w ]*?[,.] (?i:this is) ([A-Z][a-z']+)|^[A-Z][\w ]*?, (?i:this is) ([A-Z][a-z']+)(?i: speaking)"#
    )

    static func matches(_ regex: NSRegularExpression, in text: String) -> [String] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            (1..<match.numberOfRanges).lazy.compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
                .first
        }
    }

    /// The rep's own name, from the earliest introduction the rep makes in the recording.
    static func introducedRepName(_ utterances: [Utterance], repIDs: Set<Int>) -> String? {
        utterances.filter { repIDs.contains($0.speaker ?? -1) }.lazy.flatMap {
            matches(repIntroduction, in: $0.transcript)
        }.first
    }

    static func customerName(_ span: [Utterance], repIDs: Set<Int>, repName: String?) -> (
        name: String, evidence: ConversationSegment.NameEvidence
    )? {
        var counts: [String: Int] = [:]
        var firstHeard: [String: Utterance] = [:]
        var order: [String] = []
        let oneVoice = Set(span.map { $0.speaker ?? 0 }).count < 2
        for utterance in span {
            let fromRep = repIDs.contains(utterance.speaker ?? -1)
            var found: [String] = []
            if fromRep || oneVoice {
                found +=
                    matches(greetingName, in: utterance.transcript) + matches(addressedName, in: utterance.transcript)
            }
            if !fromRep || oneVoice { found += matches(givenName, in: utterance.transcript) }
            for name in found where !notNames.contains(name.lowercased()) && name.lowercased() != repName?.lowercased()
            {
                if counts[name] == nil {
                    order.append(name)
                    firstHeard[name] = utterance
                }
                counts[name, default: 0] += 1
            }
        }
        guard
            let best = order.max(by: {
                (counts[$0]!, -order.firstIndex(of: $0)!) < (counts[$1]!, -order.firstIndex(of: $1)!)
            }),
            let heard = firstHeard[best]
        else { return nil }
        return (
            best,
            ConversationSegment.NameEvidence(
                quote: String(heard.transcript.prefix(160)), startSeconds: heard.start, mentions: counts[best]!)
        )
    }

    static func outcome(_ span: [Utterance], repIDs: Set<Int>) -> (outcome: ConversationSegment.Outcome, quote: String?)
    {
        let all = span.map(\.transcript)
        let others = span.filter { !repIDs.contains($0.speaker ?? -1) }
        let customerLines = others.map(\.transcript)
        let theirs = customerLines.isEmpty ? all : customerLines
        let repLines = span.filter { repIDs.contains($0.speaker ?? -1) }.map(\.transcript)
        // The customer's last decisive words decide: an early "we already have a provider" is an
        // objection the call may overcome, an early "let's do it" a yes the call may take back.
        func decision(_ lines: [String]) -> (ConversationSegment.Outcome, String)? {
            lines.compactMap { line -> (ConversationSegment.Outcome, String)? in
                let lowered = line.lowercased()
                if Cues.first(Cues.lost, in: lowered) != nil { return (.lost, line) }
                return Cues.first(Cues.won, in: lowered) != nil ? (.won, line) : nil
            }.last
        }
        if let (decided, line) = decision(theirs) { return (decided, line) }
        // Other voices with under a quarter of the words (a receptionist, a "yeah"): diarization
        // likely heard the customer as the rep, so the customer's words are among the rep's.
        if !others.isEmpty, Double(words(others[...])) < 0.25 * Double(words(span[...])),
            let (decided, line) = decision(all)
        {
            return (decided, line)
        }
        // What the rep says back when the customer's own words were not heard.
        // Also across two neighbouring lines: a confirmation cut in two by a turn boundary ("the
        // agreement" | "will be in your inbox") is still one.
        let pairs = zip(all, all.dropFirst()).map { $0 + " " + $1 }
        if let line = (repLines + pairs).first(where: { Cues.first(Cues.repWon, in: $0.lowercased()) != nil }) {
            return (.won, line)
        }
        // How a call ends: its last third, or its last two minutes when that is more.
        let (first, last) = (span.first?.start ?? 0, span.last?.end ?? 0)
        let ending = span.filter { $0.start >= min(first + 2 * (last - first) / 3, last - 120) }
        let endingRep = ending.filter { repIDs.contains($0.speaker ?? -1) }
        if let line = endingRep.first(where: { Cues.first(Cues.repLost, in: $0.transcript.lowercased()) != nil }) {
            return (.lost, line.transcript)
        }
        if let line = ending.first(where: { Cues.first(Cues.nextStep, in: $0.transcript.lowercased()) != nil }) {
            return (.ongoing, line.transcript)
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
        let opening = span.first?.transcript.prefix(140) ?? ""
        switch kind {
        case .voicemail:
            return "\(rep) leaves a voicemail\(customer.map { " for \($0)" } ?? ""): “\(opening)”"
        case .internal:
            return "Not a sales conversation: “\(opening)”"
        case .automated:
            return "An automated line nobody answered: “\(opening)”"
        case .fragment:
            return "A few words, not a conversation: “\(span.map(\.transcript).joined(separator: " ").prefix(140))”"
        case .sales:
            let label = outcome == .noDecision ? "no decision" : outcome.rawValue
            let who = "\(rep) with \(customer ?? "a customer")" + (customerLine.map { ": “\($0.prefix(140))”" } ?? ".")
            return who + " Outcome: \(label)" + (quote.map { ": “\($0.prefix(120))”" } ?? ".")
        }
    }
}
