/// Delivery: pace, monologues, interruptions, dead air, and (with the audio) pitch variation.
///
///     delivery = 100 − min(40, distance of rep words per minute from 130–170)
///                    − min(30, max(0, longest monologue − 60 s) / 2)
///                    − min(30, 10 · interruptions) − min(20, 5 · silences over 5 s)
///                    − min(20, 10 · max(0, 2.5 − pitch variation in semitones))   [audio only]
///
/// Words per minute count the rep's words over the rep's speaking time. An interruption is a rep
/// turn starting more than 0.25 s before the customer's turn ended (needs separate channels).
enum Delivery {
    static let formula =
        "100 − min(40, wpm distance from 130–170) − min(30, max(0, longest monologue − 60 s)/2) − min(30, 10·interruptions) − min(20, 5·silences > 5 s) − min(20, 10·max(0, 2.5 − pitch variation st))"

    static func score(_ facts: CallFacts) -> PillarResult {
        let minutes = facts.repTalkSeconds / 60
        let wpm = minutes > 0 ? Double(facts.repWords) / minutes : 0
        let paceOff = wpm < 130 ? 130 - wpm : wpm > 170 ? wpm - 170 : 0
        let monologue = facts.longestMonologue
        let pitch = facts.slice.prosody?.pitchVariationSemitones
        let score =
            100 - min(40, paceOff) - min(30, max(0, monologue.seconds - 60) / 2)
            - min(30, 10 * Double(facts.interruptions.count))
            - min(20, 5 * Double(facts.deadAir.count)) - min(20, 10 * max(0, 2.5 - (pitch ?? 2.5)))
        var measures = [
            "words_per_minute": wpm, "longest_monologue_seconds": monologue.seconds,
            "interruptions": Double(facts.interruptions.count),
            "silences_over_5_seconds": Double(facts.deadAir.count), "rep_talk_seconds": facts.repTalkSeconds,
        ]
        if let pitch { measures["pitch_variation_semitones"] = pitch }

        var good: [String] = []
        if paceOff == 0 { good.append("a pace of \(Int(wpm.rounded())) words per minute, inside 130–170") }
        if monologue.seconds <= 60 {
            good.append("no monologue over a minute (longest \(Int(monologue.seconds.rounded())) s)")
        }
        if facts.interruptions.isEmpty { good.append("no interruptions") }
        if let pitch, pitch >= 2.5 { good.append("a varied pitch (\(oneDecimal(pitch)) semitones)") }
        let opening = monologue.opening.map { ", starting \(Quote($0).cited)" } ?? ""
        let positive =
            good.isEmpty
            ? "Longest rep stretch \(Int(monologue.seconds.rounded())) s\(opening)."
            : good.joined(separator: ", ").capitalizedFirst
                + "; longest rep stretch \(Int(monologue.seconds.rounded())) s\(opening)."
        // Every problem found, worst first; the change addresses the first.
        var problems: [(negative: String, change: String)] = []
        if paceOff > 0 {
            problems.append(
                (
                    "Pace of \(Int(wpm.rounded())) words per minute, \(wpm > 170 ? "above" : "below") the 130–170 range",
                    wpm > 170
                        ? "Slow down to under 170 words per minute: pause after each point."
                        : "Pick up the pace to 130 words per minute or more."
                ))
        }
        if let first = facts.interruptions.first {
            problems.append(
                (
                    "\(facts.interruptions.count) interruption(s): the rep cut in \(Quote(first).cited)",
                    "Let the customer finish before replying."
                ))
        }
        if monologue.seconds > 60, let start = monologue.opening {
            problems.append(
                (
                    "A \(Int(monologue.seconds.rounded())) s monologue from \(Quote(start).cited)",
                    "Break monologues with a question every 30–60 seconds."
                ))
        }
        if let silence = facts.deadAir.first {
            problems.append(
                (
                    "\(facts.deadAir.count) silence(s) over 5 s; \(oneDecimal(silence.seconds)) s before \(Quote(silence.after).cited)",
                    "Fill long silences with a check-in question."
                ))
        }
        if let pitch, pitch < 2.5 {
            problems.append(
                (
                    "Flat pitch: \(oneDecimal(pitch)) semitones of variation (2.5 or more sounds engaged)",
                    "Vary the pitch: stress the key word of each sentence."
                ))
        }
        let negative =
            problems.isEmpty
            ? "Nothing to fix in pace (\(Int(wpm.rounded())) wpm), monologues, interruptions or silences"
                + (pitch == nil ? "; pitch not measured (no audio)." : ".")
            : problems.map(\.negative).joined(separator: "; ") + "."
        let change = problems.first?.change ?? ""
        let quotes =
            [monologue.opening].compactMap { $0 } + facts.interruptions.prefix(2) + facts.deadAir.prefix(2).map(\.after)
        return PillarResult(
            score: score, formula: formula, measures: measures, quotes: quotes.uniqued(), positive: positive,
            negative: negative,
            keep: positive, change: change)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
