import Foundation
import Transcripts

/// Finds the distinct conversations in one long transcript (a rep's day), offline, and accounts
/// for every other span it weighed.
///
/// **Boundaries.** Between every two consecutive utterances the detector scores
///
///     score = 0.45 · clamp((pause − 1.5 s) / 8.5 s) + 0.45 · opening + 0.3 · closing
///           + 0.15 · topic shift + 0.25 · voice change + 0.15 · newcomer
///
/// The *pause* is the longest silence the voice-activity detector heard between the two
/// utterances, never the gap between recognised words: words the engine missed over audible
/// speech are not a pause (a transcript without voice activity, imported from elsewhere, falls
/// back to the word gap). *Opening* is 1 when one of the next two utterances greets, introduces,
/// asks for someone or answers the phone ("hi, this is Alex from …", "is this Casey?", "thank you
/// for calling …", "Ledgerly, Priya speaking"); *closing* is 1 when one of the two before it
/// thanks or says goodbye; both count only within 10 s of the gap. *Topic shift* is 1 − the cosine
/// similarity of the content words said in the 45 s before and after (TextTiling). *Voice change*
/// is 1 when the other parties heard in the minute before (everyone but the rep) and in the minute
/// after are different people; *newcomer* adds to it when the first voice after the gap is one the
/// recording has never heard before (a colleague walking over after a call whose farewells the
/// engine missed). A pause of 20 s or more separates, unless it is a *hold*: under
/// 3 minutes, with no farewell before nor greeting after, and the same other party talking on both
/// sides (then the silence counts for nothing). A *handover* (a hold, a transfer or the rep asking
/// for someone just before, "one moment", "let me see if she's in", "could I speak to Gerald",
/// with no farewell) never separates by its silence, and the introduction after it counts for
/// nothing: the decision maker's "this is Gerald" is the same call. Otherwise a score ≥ 0.6 separates, unless the
/// pause is under 5 s within the first 15 s of the span (its own opening exchange).
/// A span of fewer than 4 words joins the neighbour it is nearer to, unless 20 s of silence part
/// them: then it is a *fragment*, listed but never a conversation.
///
/// **Kinds.** A span where a line's machine talks (two phone-menu or hold cues: "press one",
/// "please hold", "your call is important to us"...) and fewer than 20 words are said besides is
/// an *automated line* nobody answered, listed but never a conversation. A span that says "call me back", "reach me at", "my number is"... with 90% or more of
/// its words from one voice, or 60% in at most three turns (a recorded greeting, then the
/// message), is a *voicemail*. Otherwise it is *sales* when it names a
/// selling term (price, plan, contract, demo, budget, quote, renewal..., or a price quoted per
/// month, week, seat or unit) and its selling evidence
/// reaches 3 and beats its evidence of colleagues talking by at least 1; else *internal*. Selling
/// evidence: 1 per different selling term (at most 3), 2 for a business introduction in its first
/// three utterances ("this is Alex from Northwind", "thank you for calling", "is this Dana?") or 1
/// for another opening, 1 for a commitment, refusal or next step, 1 for a customer named. Internal
/// evidence: 1 per kind of colleague talk heard ("the Acme account", "my manager", "approve",
/// "they said", "lunch"...). A span that sells with only one voice heard is
/// sales all the same, but never analyzed unreviewed: diarization may have missed the other party.
///
/// **Confidence** (that the span is one distinct sales conversation): for sales spans
/// 0.55 + 0.15 if it opens with an opening cue + 0.1 if it ends with a farewell + 0.1 × min(1,
/// selling terms / 6) + 0.1 × the weaker of its two boundary scores (a recording's start or end
/// counts 1), at most 0.99; with one voice, between 0.5 and 0.75. For other spans 0.1 + 0.05 per
/// selling term, at most 0.45. Statuses follow the hosted API: ≥ `minConfidence` analyzed, ≥ 0.5
/// needs review, below skipped. So with the default 0.8 nothing but sales is analyzed, and a user
/// who lowers `min_confidence` (to rescue a sale judged internal) has every span at or above it
/// analyzed; voicemails and fragments never are. `statusReason` says why.
///
/// **Outcome**, **names** and **summary**: see `ConversationDetector+Details.swift`.
public enum ConversationDetector {
    public struct Options: Sendable {
        public var minConfidence: Double
        /// The rep's name when the manifest or the playbook knows it: used as heard, never a
        /// customer's, and never replaced by a mishearing of the rep's introduction.
        public var repName: String?

        /// `min_confidence` when a request does not say: the hosted API's default.
        public static let defaultMinConfidence = 0.8

        public init(minConfidence: Double = defaultMinConfidence, repName: String? = nil) {
            self.minConfidence = minConfidence
            self.repName = repName
        }
    }

    static let longPause = 20.0
    /// A silence longer than this ends a conversation even with the same voice on both sides.
    static let longestHold = 180.0
    /// How far from a gap (seconds) a greeting or farewell still counts for it.
    static let cueReach = 10.0
    static let boundaryThreshold = 0.6
    /// How long (seconds) the greetings and introductions at the start of a call may take.
    static let openingExchange = 15.0
    static let minimumWords = 4
    /// How far around a gap the other parties' voices are compared.
    static let voiceWindow = 60.0

    /// One gap between consecutive utterances, and the evidence that a conversation ends there.
    struct Gap {
        var index: Int
        var pause: Double
        var opening: String?
        var closing: String?
        /// The utterances the opening and closing cues were heard in.
        var openingAt: Int?
        var closingAt: Int?
        var shift: Double
        var voiceChange: Bool
        /// The voices change and the first one after the gap is heard for the first time in the recording.
        var newcomer: Bool
        /// The same other party talks before and after a long pause, with no farewell or greeting
        /// around it: a customer put on hold, not a new call.
        var hold: Bool
        /// A hold, transfer or request for someone just before, with no farewell: the call goes on
        /// with another voice, so neither the silence nor the next introduction counts.
        var handover: String?
        var score: Double
        /// The words' own gap, when it is much longer than the silence: words missing over speech.
        var missingWords: Double?

        var reasons: [String] {
            var reasons = [String(format: "pause %.1f s", pause)]
            if let missingWords {
                reasons.append(String(format: "no words for %.1f s over audible speech", missingWords))
            }
            if let opening { reasons.append("opening “\(opening)”") }
            if let closing { reasons.append("closing “\(closing)”") }
            if voiceChange {
                reasons.append(newcomer ? "other voices change, to one not heard before" : "other voices change")
            }
            if hold { reasons.append("the same other voice before and after: a hold") }
            if let handover { reasons.append("handed on (“\(handover)”), not ended") }
            reasons.append(String(format: "topic shift %.2f", shift))
            return reasons
        }
    }

    public static func detect(_ transcript: Transcript, options: Options = Options()) -> [ConversationSegment] {
        let utterances = transcript.utterances.filter { !$0.transcript.isEmpty }.sorted { $0.start < $1.start }
        guard !utterances.isEmpty else { return [] }
        let lower = utterances.map { $0.transcript.lowercased() }
        let repIDs = Set(transcript.speakers.filter { $0.role == .rep }.map(\.id))
        var firstHeard: [Int: Int] = [:]
        for (index, utterance) in utterances.enumerated() {
            if let speaker = utterance.speaker, firstHeard[speaker] == nil { firstHeard[speaker] = index }
        }
        let gaps = (0..<(utterances.count - 1)).map {
            gap(
                at: $0, utterances, lower: lower, activity: transcript.voiceActivity, repIDs: repIDs,
                firstHeard: firstHeard)
        }

        // Cut where the evidence says so.
        var cuts: [Gap] = []
        for gap in gaps where gap.index > cuts.last?.index ?? -1 {
            // Right after a cut, the call's own opening exchange does not start another
            // conversation: an inbound caller's first line answered by "thank you for calling", or
            // the rep's "I'm Kwame from Sparkline" after the customer's hello. Within
            // `openingExchange` of the span's start only a pause of 5 s or more cuts.
            let spanSeconds = utterances[gap.index].end - utterances[(cuts.last?.index ?? -1) + 1].start
            guard
                (gap.pause >= longPause && !gap.hold && gap.handover == nil)
                    || (gap.score >= boundaryThreshold && (spanSeconds >= openingExchange || gap.pause >= 5))
            else {
                continue
            }
            // Between a farewell and the next greeting, the call changes at the longest silence:
            // the other side's "Bright Smile Dental, Sandra speaking" belongs to the new call even
            // when only the rep's "Hi Sandra, it's Terrence" was recognised as an opening, and a
            // last "thank you for your time" belongs to the call it ends.
            var cut = gap
            let low = max(gap.closingAt ?? gap.index, (cuts.last?.index ?? -1) + 1)
            let high = max(gap.index, (gap.openingAt ?? gap.index + 1) - 1)
            if high > low {
                cut = gaps[low...high].max { $0.pause < $1.pause } ?? gap
                if cut.index != gap.index {
                    cut.opening = gap.opening
                    cut.closing = gap.closing
                    cut.score = max(cut.score, gap.score)
                }
            }
            cuts.append(cut)
        }
        // Spans too short to be conversations join their nearer neighbour, unless a long pause parts them.
        var spans = spans(utterances.count, cuts: cuts)
        var merged = true
        while merged {
            merged = false
            for (position, span) in spans.enumerated()
            where words(utterances[span.range]) < minimumWords && spans.count > 1 {
                let pauseBefore = position > 0 ? spans[position].start?.pause ?? .infinity : .infinity
                let pauseAfter = position + 1 < spans.count ? spans[position].end?.pause ?? .infinity : .infinity
                guard min(pauseBefore, pauseAfter) < longPause else { continue }
                let into = pauseBefore <= pauseAfter ? position - 1 : position + 1
                let (first, second) = (min(into, position), max(into, position))
                spans[first] = Span(
                    range: spans[first].range.lowerBound..<spans[second].range.upperBound, start: spans[first].start,
                    end: spans[second].end)
                spans.remove(at: second)
                merged = true
                break
            }
        }
        let repName = options.repName ?? introducedRepName(utterances, repIDs: repIDs)
        let segments = spans.map { span in
            // What happened inside the span that a person may want to check: holds, missing words.
            let inside = gaps.filter { span.range.contains($0.index) && span.range.contains($0.index + 1) }.compactMap {
                gap -> String? in
                let at = TimeSpan.clock(utterances[gap.index].end)
                if gap.hold {
                    return String(
                        format: "a hold of %.0f s at %@: the same other voice before and after", gap.pause, at)
                }
                if let handover = gap.handover {
                    return String(format: "handed on at %@ (“%@”) after %.0f s", at, handover, gap.pause)
                }
                if let missing = gap.missingWords {
                    return String(format: "no words for %.0f s at %@ over audible speech (not a pause)", missing, at)
                }
                return nil
            }
            return describe(
                Array(utterances[span.range]), lower: Array(lower[span.range]), repIDs: repIDs, repName: repName,
                edges: (span.start?.score ?? 1, span.end?.score ?? 1),
                signals: [
                    "starts after: " + (span.start?.reasons ?? ["start of the recording"]).joined(separator: ", "),
                    "ends before: " + (span.end?.reasons ?? ["end of the recording"]).joined(separator: ", "),
                ] + inside, options: options)
        }
        guard let language = transcript.language, !LanguageCode.hasBuiltInCues(language) else { return segments }
        return segments.map { unjudged($0, language: language) }
    }

    /// A span of a recording in a language the cues are not written for. Its edges stand (pauses
    /// and voices are heard in any language, though greetings and farewells are not); what it is,
    /// how it ended and how sure that is were read from English words, so none of it is kept: it
    /// is a conversation for a person to review, at the review floor's confidence, with the reason.
    /// A fragment (fewer than 4 words) stays one.
    static func unjudged(_ segment: ConversationSegment, language: String) -> ConversationSegment {
        guard segment.kind != .fragment else { return segment }
        var segment = segment
        segment.kind = .sales
        segment.isSalesConversation = true
        segment.detectedOutcome = .noDecision
        segment.confidence = ConversationSegment.Status.reviewFloor
        segment.customerName = nil
        segment.customerNameEvidence = nil
        segment.repName = nil
        segment.status = .needsReview
        segment.statusReason = LanguageCode.noCuesReason(language, stage: "detector")
        return segment
    }

    /// Utterances `range`, bounded by the gaps it starts after and ends before (nil: the recording's edge).
    struct Span {
        var range: Range<Int>
        var start: Gap?
        var end: Gap?
    }

    static func spans(_ count: Int, cuts: [Gap]) -> [Span] {
        var spans: [Span] = []
        var first = 0
        var previous: Gap?
        for cut in cuts {
            spans.append(Span(range: first..<(cut.index + 1), start: previous, end: cut))
            first = cut.index + 1
            previous = cut
        }
        spans.append(Span(range: first..<count, start: previous, end: nil))
        return spans
    }

    static func words(_ utterances: ArraySlice<Utterance>) -> Int {
        utterances.reduce(0) { $0 + ($1.words.isEmpty ? $1.transcript.split(separator: " ").count : $1.words.count) }
    }

    static func gap(
        at index: Int, _ utterances: [Utterance], lower: [String], activity: VoiceActivity?, repIDs: Set<Int>,
        firstHeard: [Int: Int]
    ) -> Gap {
        let wordGap = utterances[index + 1].start - utterances[index].end
        let pause = activity?.longestSilence(from: utterances[index].end, to: utterances[index + 1].start) ?? wordGap
        // Cues count only near the gap: the next call's greeting a minute later is not this call's end.
        let after = (index + 1...min(index + 2, utterances.count - 1)).filter {
            utterances[$0].start - utterances[index].end <= cueReach + wordGap
        }
        let before = (max(0, index - 1)...index).reversed().filter {
            utterances[index].end - utterances[$0].end <= cueReach
        }
        let openingAt = after.first { Cues.first(Cues.openings, in: lower[$0]) != nil }
        let opening = openingAt.flatMap { Cues.first(Cues.openings, in: lower[$0]) }
        let closingAt = before.first { Cues.first(Cues.closings, in: lower[$0]) != nil }
        let closing = closingAt.flatMap { Cues.first(Cues.closings, in: lower[$0]) }
        let shift = topicShift(utterances, at: index)
        let voices = otherVoices(utterances, at: index, repIDs: repIDs)
        let change = !voices.before.isEmpty && !voices.after.isEmpty && voices.before.isDisjoint(with: voices.after)
        let newcomer =
            change
            && utterances[index + 1].speaker.map { firstHeard[$0] == index + 1 && voices.after.contains($0) } ?? false
        let handover =
            closing == nil && pause < longestHold
            ? before.lazy.compactMap { Cues.first(Cues.handovers, in: lower[$0]) }.first : nil
        let hold =
            handover == nil && pause >= longPause && pause < longestHold && opening == nil && closing == nil
            && !voices.before.isDisjoint(with: voices.after)
        // On hold, the silence says nothing: only the words and voices around it count. Handed on,
        // the next voice's introduction says nothing either.
        let silence = hold || handover != nil ? 0 : 0.45 * min(1, max(0, (pause - 1.5) / 8.5))
        let introduced = opening != nil && handover == nil
        let score =
            silence + (introduced ? 0.45 : 0) + (closing == nil ? 0 : 0.3) + 0.15 * shift + (change ? 0.25 : 0)
            + (newcomer ? 0.15 : 0)
        let separates = pause >= longPause && !hold && handover == nil
        return Gap(
            index: index, pause: pause, opening: opening, closing: closing, openingAt: openingAt, closingAt: closingAt,
            shift: shift,
            voiceChange: change, newcomer: newcomer, hold: hold, handover: handover,
            score: min(1, separates ? 1 : score),
            missingWords: wordGap - pause >= 3 ? wordGap : nil)
    }

    /// The other parties (everyone but the rep, with 3 words or more) heard in the minute before
    /// the gap and in the minute after; both empty when the rep is unknown.
    static func otherVoices(_ utterances: [Utterance], at index: Int, repIDs: Set<Int>) -> (
        before: Set<Int>, after: Set<Int>
    ) {
        guard !repIDs.isEmpty else { return ([], []) }
        let boundary = utterances[index].end
        func others(_ range: some Sequence<Int>) -> Set<Int> {
            var words: [Int: Int] = [:]
            for i in range {
                guard let speaker = utterances[i].speaker, !repIDs.contains(speaker) else { continue }
                words[speaker, default: 0] += max(1, utterances[i].words.count)
            }
            return Set(words.filter { $0.value >= 3 }.keys)
        }
        let before = others((0...index).reversed().prefix { boundary - utterances[$0].end <= voiceWindow })
        let after = others(
            ((index + 1)..<utterances.count).prefix {
                utterances[$0].start - utterances[index + 1].start <= voiceWindow
            })
        return (before, after)
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
        let after = bag(
            ((index + 1)..<utterances.count).filter { utterances[$0].start <= utterances[index + 1].start + 45 })
        let dot = before.reduce(0.0) { $0 + $1.value * (after[$1.key] ?? 0) }
        let norms =
            (before.values.reduce(0) { $0 + $1 * $1 }).squareRoot()
            * (after.values.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norms == 0 ? 1 : 1 - dot / norms
    }
}
