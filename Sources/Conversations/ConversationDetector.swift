import Foundation
import Transcription

/// Finds the distinct conversations in one long transcript (a rep's day), offline.
///
/// **Boundaries.** Between every two consecutive utterances the detector scores
///
///     score = 0.5 · clamp((pause − 1.5 s) / 8.5 s) + 0.45 · opening + 0.3 · closing + 0.15 · topic shift
///
/// where *opening* is 1 when one of the next two utterances greets or introduces ("hi, this is
/// Alex from …", "is this Casey?", "thank you for calling …"), *closing* is 1 when one of the two
/// before it thanks or says goodbye ("thanks for your time", "talk to you Tuesday", "bye"), and
/// *topic shift* is 1 − the cosine similarity of the content words said in the 45 s before and
/// after (TextTiling); cues count only within 10 s of the gap. A pause of 20 s or more always
/// separates; otherwise a score ≥ 0.6 does, unless the pause is under 5 s and only one utterance
/// came since the last cut.
/// Two calls seconds apart are split by their farewell and greeting; a pause inside a call is not.
///
/// **Kinds.** A span whose words come from one speaker and that says "call me back", "reach me
/// at", "try you again"... is a *voicemail*; a span with two or more speakers and at least two
/// selling terms (price, plan, contract, demo, budget, quote, renewal, pilot...) is *sales*;
/// anything else is *internal*. Spans under 4 words (a cough in the hold music) are not conversations.
///
/// **Confidence** (that the span is one distinct sales conversation): for sales spans
/// 0.55 + 0.15 if it opens with a greeting + 0.1 if it ends with a farewell + 0.1 × min(1, selling
/// terms / 6) + 0.1 × the weaker of its two boundary scores (a recording's start or end counts 1),
/// at most 0.99; for other spans 0.1 + 0.05 per selling term, at most 0.45. Statuses follow seed
/// 000: ≥ `minConfidence` analyzed, ≥ 0.5 needs review, below skipped; non-sales spans are never
/// analyzed.
///
/// **Outcome** (sales only): *lost* if the customer declines or chose someone else ("decided to go
/// with", "already signed"), else *won* if the customer commits ("let's do it", "I will sign",
/// "start the pilot"), else *ongoing* if a concrete next step with a day or time is set ("Tuesday
/// at ten works", "send me the invite", "talk to you Tuesday"), else *no decision*.
///
/// **Customer name**: the name the rep greets or addresses ("am I speaking with Jordan", "good
/// morning Morgan", "thanks for your time, Daniel.") or the customer gives ("this is Taylor"), the
/// most frequent one, never the rep's own (taken from the rep's introduction).
public enum ConversationDetector {
    public struct Options: Sendable {
        public var minConfidence: Double
        public init(minConfidence: Double = 0.8) {
            self.minConfidence = minConfidence
        }
    }

    static let longPause = 20.0
    /// How far from a gap (seconds) a greeting or farewell still counts for it.
    static let cueReach = 10.0
    static let boundaryThreshold = 0.6
    static let minimumWords = 4

    public static func detect(_ transcript: Transcript, options: Options = Options()) -> [ConversationSegment] {
        let utterances = transcript.utterances.filter { !$0.transcript.isEmpty }.sorted { $0.start < $1.start }
        guard !utterances.isEmpty else { return [] }
        let lower = utterances.map { $0.transcript.lowercased() }
        let repIDs = Set(transcript.speakers.filter { $0.role == .rep }.map(\.id))

        // Score every gap; cut where the score says so.
        var cuts: [(index: Int, score: Double, reasons: [String])] = []
        for index in 0..<(utterances.count - 1) {
            let pause = utterances[index + 1].start - utterances[index].end
            // Cues count only near the gap: the next call's greeting a minute later is not this call's end.
            let after = (index + 1...min(index + 2, utterances.count - 1)).filter { utterances[$0].start - utterances[index].end <= cueReach + pause }
            let before = (max(0, index - 1)...index).reversed().filter { utterances[index].end - utterances[$0].end <= cueReach }
            let opening = after.lazy.compactMap { Cues.first(Cues.openings, in: lower[$0]) }.first
            let closing = before.lazy.compactMap { Cues.first(Cues.closings, in: lower[$0]) }.first
            let shift = topicShift(utterances, at: index)
            let score = 0.5 * min(1, max(0, (pause - 1.5) / 8.5)) + (opening == nil ? 0 : 0.45) + (closing == nil ? 0 : 0.3) + 0.15 * shift
            // Right after a cut, a quick reply does not start another conversation: an inbound
            // caller's first line, answered by "thank you for calling", is not a call of its own.
            let sinceLastCut = index - (cuts.last?.index ?? -1)
            guard pause >= longPause || (score >= boundaryThreshold && (sinceLastCut >= 2 || pause >= 5)) else { continue }
            var reasons = [String(format: "pause %.1f s", pause)]
            if let opening { reasons.append("opening “\(opening)”") }
            if let closing { reasons.append("closing “\(closing)”") }
            reasons.append(String(format: "topic shift %.2f", shift))
            cuts.append((index, min(1, pause >= longPause ? 1 : score), reasons))
        }

        var segments: [ConversationSegment] = []
        var first = 0
        var startStrength = 1.0
        var startReasons = ["start of the recording"]
        for cut in cuts + [(index: utterances.count - 1, score: 1.0, reasons: ["end of the recording"])] {
            let span = Array(utterances[first...cut.index])
            if let segment = describe(
                span, lower: Array(lower[first...cut.index]), repIDs: repIDs, edges: (startStrength, cut.score),
                signals: ["starts after: " + startReasons.joined(separator: ", "), "ends before: " + cut.reasons.joined(separator: ", ")],
                options: options)
            {
                segments.append(segment)
            }
            first = cut.index + 1
            startStrength = cut.score
            startReasons = cut.reasons
        }
        return segments
    }

    private static func describe(
        _ span: [Utterance], lower: [String], repIDs: Set<Int>, edges: (Double, Double), signals: [String], options: Options
    ) -> ConversationSegment? {
        let wordCount = span.reduce(0) { $0 + ($1.words.isEmpty ? $1.transcript.split(separator: " ").count : $1.words.count) }
        guard wordCount >= minimumWords, let start = span.first?.start, let end = span.last?.end else { return nil }
        let text = lower.joined(separator: " ")
        let tokens = text.split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        let terms = tokens.filter(Cues.salesTerms.contains)
        var bySpeaker: [Int: Int] = [:]
        for utterance in span { bySpeaker[utterance.speaker ?? 0, default: 0] += max(1, utterance.words.count) }
        let total = bySpeaker.values.reduce(0, +)
        let mainShare = Double(bySpeaker.values.max() ?? 0) / Double(max(1, total))
        let voices = bySpeaker.values.filter { Double($0) >= 0.05 * Double(total) }.count
        let opens = lower.prefix(2).contains { Cues.first(Cues.openings, in: $0) != nil }
        let closes = lower.suffix(2).contains { Cues.first(Cues.closings, in: $0) != nil }
        let voicemailCue = Cues.first(Cues.voicemail, in: text)

        let kind: ConversationSegment.Kind
        if mainShare >= 0.95, voicemailCue != nil {
            kind = .voicemail
        } else if voices >= 2, Set(terms).count >= 2 {
            kind = .sales
        } else {
            kind = .internal
        }
        var confidence: Double
        if kind == .sales {
            confidence = 0.55 + (opens ? 0.15 : 0) + (closes ? 0.1 : 0) + 0.1 * min(1, Double(terms.count) / 6) + 0.1 * min(edges.0, edges.1)
            confidence = min(0.99, confidence)
        } else {
            confidence = min(0.45, 0.1 + 0.05 * Double(terms.count))
        }
        confidence = (confidence * 1000).rounded() / 1000
        let status: ConversationSegment.Status =
            kind != .sales ? .skipped : confidence >= options.minConfidence ? .analyzed : confidence >= 0.5 ? .needsReview : .skipped
        let repName = repName(span, repIDs: repIDs)
        let customer = kind == .voicemail || kind == .sales ? customerName(span, repIDs: repIDs, repName: repName) : nil
        let (outcome, outcomeQuote) = kind == .sales ? outcome(span, repIDs: repIDs) : (.noDecision, nil)
        var allSignals = signals + [
            "\(kind.rawValue): \(voices) voice(s), main speaker \(Int(mainShare * 100))% of words, selling terms \(Set(terms).sorted().prefix(8).joined(separator: ", "))"
        ]
        if let voicemailCue { allSignals.append("voicemail cue “\(voicemailCue)”") }
        return ConversationSegment(
            startSeconds: start, endSeconds: end, confidence: confidence, customerName: customer, repName: repName,
            isSalesConversation: kind == .sales, kind: kind, detectedOutcome: outcome,
            summary: summary(span, kind: kind, repIDs: repIDs, repName: repName, customer: customer, outcome: outcome, quote: outcomeQuote),
            status: status, signals: allSignals)
    }

    /// 1 − cosine similarity of the content words in the 45 s before and after the gap.
    static func topicShift(_ utterances: [Utterance], at index: Int) -> Double {
        let boundary = utterances[index].end
        func bag(_ range: some Sequence<Int>) -> [String: Double] {
            var bag: [String: Double] = [:]
            for i in range {
                for word in utterances[i].words where word.word.count > 3 { bag[word.word, default: 0] += 1 }
            }
            return bag
        }
        let before = bag((0...index).filter { utterances[$0].end >= boundary - 45 })
        let after = bag(((index + 1)..<utterances.count).filter { utterances[$0].start <= utterances[index + 1].start + 45 })
        let dot = before.reduce(0.0) { $0 + $1.value * (after[$1.key] ?? 0) }
        let norms = (before.values.reduce(0) { $0 + $1 * $1 }).squareRoot() * (after.values.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norms == 0 ? 1 : 1 - dot / norms
    }
}
