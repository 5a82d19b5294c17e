import Foundation

/// Annotates every utterance of a transcript with its signals (`UtteranceSignals`): the cues its
/// words hold, read from phrase lists (no model, no network), and, when measured, how it was said.
///
/// - emotion (`lexicon+arousal`, or `lexicon` without prosody): the category whose words occur
///   most (ties in the order of `emotions`); none: `neutral`. Score: 0.55 for one cue, +0.15 per
///   further cue, at most 0.85; ±0.1 when the voice's arousal is high or low. A neutral utterance
///   scores 0.6, or 0.4 when its arousal is high (the voice says more than the words).
///   Arousal compares the utterance with the same speaker's median: energy 4 dB or more above, or
///   a pitch range 3 semitones wider, is `high`; 4 dB below with a range 2 semitones narrower, `low`.
/// - commitment (`phrases`): `commits` when a commitment phrase occurs, else `declines`, else
///   `hedges`, else `none`; the phrases found are its cues.
/// - hesitation (`fillers+restarts`): filler words and phrases; restarts are a word said twice in
///   a row (not "that that", "had had") or a word cut off with a hyphen.
public enum UtteranceCues {
    /// The long form of each method id, written into the transcript once (`signal_methods`).
    public static let methods: [String: String] = [
        "lexicon+arousal":
            "emotion: the category of emotion words found most often in the utterance (interest, joy, frustration, worry, anger, disappointment, surprise; none: neutral), its score 0.55 for one cue plus 0.15 per further cue (at most 0.85), raised or lowered 0.1 when the voice's arousal is high or low against the same speaker's median (energy ±4 dB, pitch range +3/−2 semitones)",
        "lexicon": "emotion: as lexicon+arousal, from the words alone (the audio was not measured)",
        "phrases":
            "commitment: commits if a commitment phrase is said (\"let's do it\", \"send it over\", \"we'll sign\"), else declines (\"not interested\"), else hedges (\"let me think\", \"get back to you\"), else none",
        "fillers+restarts":
            "hesitation: filler words and phrases (um, uh, er, hmm, you know, I mean, kind of) and restarts (a word said twice in a row, or cut off with a hyphen)",
        "yin":
            "prosody: the utterance's audio in 10 ms frames; energy is the mean level of the frames within 30 dB of its loudest, pitch the YIN estimate of its voiced frames (median, and the 10th to 90th percentile spread in semitones; under 0.3 s voiced gives none)",
    ]

    static let emotions: [(label: String, phrases: [String])] = [
        (
            "frustration",
            [
                "mess", "frustrating", "frustrated", "annoying", "annoyed", "fed up", "tired of", "headache",
                "nightmare", "pain", "waste of time", "sick of", "struggle", "struggling",
            ]
        ),
        (
            "worry",
            [
                "concern", "concerned", "worried", "worry", "afraid", "nervous", "risk", "risky", "unsure",
                "not sure", "scared", "burned", "hesitant",
            ]
        ),
        ("anger", ["angry", "ridiculous", "unacceptable", "furious", "outrageous", "insulting", "fed up with"]),
        (
            "disappointment",
            ["unfortunately", "disappointed", "disappointing", "sadly", "too bad", "shame", "let down"]
        ),
        ("surprise", ["wow", "surprised", "no way", "didn't know", "had no idea", "unexpected"]),
        (
            "joy",
            [
                "great", "love", "glad", "happy", "excellent", "perfect", "awesome", "wonderful", "fantastic",
                "excited", "delighted", "thrilled", "amazing",
            ]
        ),
        (
            "interest",
            [
                "interesting", "interested", "curious", "tell me more", "how does", "how would", "sounds good",
                "makes sense", "that would help", "good to know",
            ]
        ),
    ]

    static let commits = [
        "let's do it", "let's go ahead", "go ahead", "we'll sign", "i'll sign", "send it over", "send me the",
        "sounds good", "works for me", "i'm in", "we're in", "book it", "count me in", "we'll take",
        "i'll take", "let's start", "we'll go with", "that works",
    ]
    static let declines = [
        "not interested", "no thanks", "no thank you", "we'll pass", "pass on", "not for us", "we went with",
        "chose another", "already signed", "don't call",
    ]
    static let hedges = [
        "let me think", "think about it", "get back to you", "not sure", "maybe", "talk to my", "check with",
        "need to check", "not right now", "call me later", "i'll see", "we'll see", "possibly",
    ]
    static let fillers = ["um", "uh", "er", "erm", "hmm", "uhm", "you know", "i mean", "kind of", "sort of"]
    /// Words a speaker may rightly say twice in a row.
    static let doubled: Set<String> = ["that", "had", "very", "no", "bye", "so", "really", "is"]

    /// `transcript` with every utterance's signals set; `prosody` is by utterance index (nil: not
    /// measured, as for a remote recording).
    public static func annotate(_ transcript: Transcript, prosody: [UtteranceProsody?]? = nil) -> Transcript {
        var annotated = transcript
        let measured = prosody.map { $0.count == transcript.utterances.count } ?? false
        let baselines = measured ? Self.baselines(transcript.utterances, prosody ?? []) : [:]
        var previousEnd: Double?
        for index in annotated.utterances.indices {
            let utterance = annotated.utterances[index]
            let voice = measured ? prosody?[index] : nil
            let tokens = Self.tokens(utterance)
            let arousal = voice.flatMap { voice in
                baselines[utterance.speaker ?? -1].map { Self.arousal(voice, against: $0) }
            }
            let spoken =
                (utterance.words.last?.end ?? utterance.end) - (utterance.words.first?.start ?? utterance.start)
            annotated.utterances[index].signals = UtteranceSignals(
                prosody: voice,
                emotion: Self.emotion(tokens, arousal: arousal, method: measured ? "lexicon+arousal" : "lexicon"),
                commitment: Self.commitment(tokens),
                hesitation: Self.hesitation(tokens, utterance.words.map(\.punctuatedWord)),
                pauseBeforeSeconds: Self.rounded(max(0, utterance.start - (previousEnd ?? utterance.start))),
                speakingRateWPM: spoken > 0.3 && tokens.count > 1
                    ? Int((Double(tokens.count) / spoken * 60).rounded()) : nil)
            previousEnd = max(previousEnd ?? 0, utterance.end)
        }
        let used = ["phrases", "fillers+restarts"] + (measured ? ["lexicon+arousal", "yin"] : ["lexicon"])
        annotated.signalMethods = methods.filter { used.contains($0.key) }
        return annotated
    }

    /// Lower-case words without punctuation, as the words or, without word times, the text has them.
    static func tokens(_ utterance: Utterance) -> [String] {
        let raw =
            utterance.words.isEmpty
            ? utterance.transcript.split(separator: " ").map(String.init) : utterance.words.map(\.word)
        return raw.map {
            $0.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" }
                .replacingOccurrences(of: "’", with: "'")
        }.filter { !$0.isEmpty }
    }

    /// The phrases of `list` that occur in `tokens` (whole words).
    static func found(_ list: [String], in tokens: [String]) -> [String] {
        let text = " " + tokens.joined(separator: " ") + " "
        return list.filter { text.contains(" \($0) ") }
    }

    static func emotion(_ tokens: [String], arousal: String?, method: String) -> UtteranceSignals.Emotion {
        let scored = emotions.map { (label: $0.label, cues: found($0.phrases, in: tokens)) }
        let nudge = arousal == "high" ? 0.1 : arousal == "low" ? -0.1 : 0
        guard let best = scored.max(by: { $0.cues.count < $1.cues.count }), !best.cues.isEmpty else {
            return .init(
                label: "neutral", score: arousal == "high" ? 0.4 : 0.6, arousal: arousal, cues: [], method: method)
        }
        // `max` keeps the last of equals: the first listed category wins a tie.
        let first = scored.first { $0.cues.count == best.cues.count } ?? best
        let score = min(0.85, 0.55 + 0.15 * Double(first.cues.count - 1)) + nudge
        return .init(label: first.label, score: rounded(score), arousal: arousal, cues: first.cues, method: method)
    }

    static func commitment(_ tokens: [String]) -> UtteranceSignals.Commitment {
        for (level, list) in [("commits", commits), ("declines", declines), ("hedges", hedges)] {
            let cues = found(list, in: tokens)
            if !cues.isEmpty { return .init(level: level, cues: cues, method: "phrases") }
        }
        return .init(level: "none", cues: [], method: "phrases")
    }

    static func hesitation(_ tokens: [String], _ punctuated: [String]) -> UtteranceSignals.Hesitation {
        let text = " " + tokens.joined(separator: " ") + " "
        let fillerCount = fillers.reduce(0) { $0 + text.components(separatedBy: " \($1) ").count - 1 }
        var restarts = zip(tokens, tokens.dropFirst()).filter { $0 == $1 && !doubled.contains($0) }.count
        restarts += punctuated.filter { $0.count > 1 && ($0.hasSuffix("-") || $0.hasSuffix("—")) }.count
        return .init(fillers: fillerCount, restarts: restarts, method: "fillers+restarts")
    }

    /// Each speaker's median energy and pitch range over the utterances measured.
    static func baselines(_ utterances: [Utterance], _ prosody: [UtteranceProsody?]) -> [Int: (Double, Double?)] {
        var energies: [Int: [Double]] = [:]
        var ranges: [Int: [Double]] = [:]
        for (utterance, voice) in zip(utterances, prosody) {
            guard let voice else { continue }
            energies[utterance.speaker ?? -1, default: []].append(voice.energyDB)
            if let range = voice.pitchRangeSemitones { ranges[utterance.speaker ?? -1, default: []].append(range) }
        }
        return energies.reduce(into: [:]) { result, entry in
            result[entry.key] = (entry.value.median ?? 0, ranges[entry.key]?.median)
        }
    }

    static func arousal(_ voice: UtteranceProsody, against baseline: (energy: Double, range: Double?)) -> String {
        let louder = voice.energyDB - baseline.energy
        let wider = voice.pitchRangeSemitones.flatMap { range in baseline.range.map { range - $0 } }
        if louder >= 4 || (wider ?? 0) >= 3 { return "high" }
        if louder <= -4 && (wider ?? -2) <= -2 { return "low" }
        return "normal"
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
