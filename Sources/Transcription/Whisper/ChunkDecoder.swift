import Foundation
import Transcripts

/// Decodes one chunk so that no speech comes back without words unrecorded.
///
/// 1. The worker decodes the chunk as configured (the batched pipeline, which packs the VAD's
///    speech into 30-second windows) and reports where its VAD heard speech.
/// 2. The hallucination guard drops what the engine invented; each drop is kept as a
///    `DroppedSegment` (time, text, reason).
/// 3. Every *wordless stretch* of speech of `SpeechCoverage.secondLookSeconds` or more (a window
///    the guard dropped, a window the model ended early, a quiet voice on a phone line lost
///    among louder ones) is decoded again in a window of its own, with `contextSeconds` of audio
///    on each side; so is every loud stretch (`EnergyActivity`) of `shortestSound` or more that
///    the VAD did not call speech and that holds no words (a voice the VAD does not recognise as
///    one), unless the VAD hears no trace of speech in it (`soundScreen`). Stretches less than
///    `sharedWindowGap` apart share a window; all of the chunk's go in one batched request. A loud
///    stretch in which words are found is speech from then on.
/// 4. A stretch still wordless for `SpeechCoverage.secondLookSeconds` is decoded once more by the
///    sequential decoder and its temperature fallback, one stretch at a time, within a budget of
///    `sequentialShare` of the chunk's speech (each such look runs a whole 30-second window).
/// 5. Speech still without words for `SpeechCoverage.reportedSeconds` is listed as
///    `UnheardSpeech`, with what was tried.
/// Words are taken from a second look only inside its stretch, so nothing is heard twice.
/// A word's end is kept within `longestWord` of its start: when the decoder stops early in a
/// window, the word alignment stretches its last word over the rest of the window (a "you." of
/// eight seconds), which would hide the speech behind it from every measure.
struct ChunkDecoder {
    typealias Decode = (_ samples: ArraySlice<Float>, _ decoding: WhisperWorker.Decoding) throws(TranscriptionError) ->
        WorkerAnswer

    /// Audio kept on each side of a stretch: enough to start a word cleanly, little enough that a
    /// louder voice next to it does not take over the window (on phone-line customers beside a
    /// rep, 0.3 s recovered 58% of their words against 41% with 1 s).
    static let contextSeconds = 0.3
    static let longestWord = 1.5
    /// Loud stretches shorter than this are not looked at again: a click, a keystroke.
    static let shortestSound = 0.5
    /// A clip of loud sound alone is decoded only if the VAD gives some 32 ms of it at least this
    /// speech probability: hold music scores 0.10 at most, a phone-line voice it does not call
    /// speech 0.4–0.9 somewhere (the clip costs a whole Whisper window otherwise).
    static let soundScreen = 0.2
    /// Words from sound the VAD did not call speech count only when at least `soundWords` of them
    /// have at least this probability.
    static let soundWordProbability = 0.5
    static let soundWords = 2
    /// Stretches closer than this share a window, so a run of short ones costs one window.
    static let sharedWindowGap = 8.0
    /// Whisper's window, less the context on both sides.
    static let longestClip = 28.0
    static let sequentialShare = 0.25

    let decode: Decode

    /// The chunk's words (absolute times, guarded, in order) and what was dropped, decoded again
    /// and left unheard.
    struct Heard {
        var words: [Word] = []
        var speech: VoiceActivity?
        var dropped: [DroppedSegment] = []
        var secondLooks: [SecondLook] = []
        var unheard: [UnheardSpeech] = []
        var engineSeconds = 0.0
        var peakKiB = 0
    }

    func decode(_ chunk: SpeechChunk) throws(TranscriptionError) -> Heard {
        var heard = Heard()
        let first = try decode(chunk.samples[...], .configured)
        note(first, in: &heard)
        heard.words = take(first, offset: chunk.startSeconds, into: &heard.dropped, within: nil)
        guard let regions = first.speech else { return heard }
        let activity = VoiceActivity(
            method: "silero-vad", padSeconds: first.speechPad ?? 0.4,
            regions: TimeSpan.union(
                regions.compactMap { pair in
                    pair.count == 2
                        ? TimeSpan(
                            start: chunk.startSeconds + pair[0],
                            end: chunk.startSeconds + min(pair[1], chunk.durationSeconds)) : nil
                }))
        heard.speech = activity

        // Look 1: every wordless stretch of speech, and every loud stretch the VAD did not call
        // speech, in a window of its own (neighbours share one), one batched request.
        let stretches = Self.split(
            SpeechCoverage.wordless(
                activity.regions, words: heard.words, minimumSeconds: SpeechCoverage.secondLookSeconds))
        let loud = EnergyActivity.regions(chunk.samples[...]).map {
            TimeSpan(start: chunk.startSeconds + $0.start, end: chunk.startSeconds + $0.end)
        }
        let sounds = Self.split(
            SpeechCoverage.wordless(
                TimeSpan.subtract(activity.regions, from: loud), words: heard.words, minimumSeconds: Self.shortestSound)
        )
        let looked = (stretches + sounds).sorted { $0.start < $1.start }
        if !looked.isEmpty {
            let clips = Self.clips(looked)
            // A clip of loud sound alone is decoded only if the VAD hears some speech in it.
            let screen = clips.indices.filter { index in clips[index].members.allSatisfy { sounds.contains(looked[$0]) }
            }
            let spans = clips.map { clip in
                TimeSpan(
                    start: max(0, clip.span.start - chunk.startSeconds),
                    end: min(chunk.durationSeconds, clip.span.end - chunk.startSeconds))
            }
            let answer = try decode(chunk.samples[...], .clips(spans, screen: screen, below: Self.soundScreen))
            note(answer, in: &heard)
            var screened: [Int: Double] = [:]
            for pair in answer.screened ?? [] where pair.count == 2 {
                for member in clips[Int(pair[0])].members { screened[member] = pair[1] }
            }
            var found = take(answer, offset: chunk.startSeconds, into: &heard.dropped, within: looked)
            // From sound the VAD did not call speech, a word or two the decoder is unsure of is what
            // it makes of a tone or music ("Woooo!", "Thank you."): not taken, but listed.
            for sound in sounds {
                let inside = found.filter { $0.start >= sound.start && $0.end <= sound.end }
                guard !inside.isEmpty,
                    inside.filter({ $0.confidence >= Self.soundWordProbability }).count < Self.soundWords
                else { continue }
                found.removeAll { $0.start >= sound.start && $0.end <= sound.end }
                heard.dropped.append(
                    DroppedSegment(
                        start: inside[0].start, end: inside[inside.count - 1].end,
                        text: inside.map(\.punctuatedWord).joined(separator: " "),
                        reason:
                            "heard in sound the VAD did not call speech, with fewer than \(Self.soundWords) words of probability "
                            + String(format: "%.1f", Self.soundWordProbability)
                            + " or more: taken for a tone, music or noise"))
            }
            heard.words = (heard.words + found).sorted { $0.start < $1.start }
            var confirmed: [TimeSpan] = []
            for (index, stretch) in looked.enumerated() {
                let isSound = sounds.contains(stretch)
                if let peak = screened[index] {
                    heard.secondLooks.append(
                        SecondLook(
                            start: stretch.start, end: stretch.end, method: "screened", heardAs: .sound, words: 0,
                            peakSpeechProbability: peak))
                    continue
                }
                let count = found.filter { $0.start >= stretch.start && $0.end <= stretch.end }.count
                heard.secondLooks.append(
                    SecondLook(
                        start: stretch.start, end: stretch.end, method: "own window",
                        heardAs: isSound ? .sound : .speech, words: count))
                if isSound, count > 0 { confirmed.append(stretch) }
            }
            // Loud stretches that turned out to hold words are speech from now on.
            if !confirmed.isEmpty {
                heard.speech?.regions = TimeSpan.union(activity.regions + confirmed)
            }
        }

        // Look 2: what is still wordless, sequentially, within the budget.
        var budget = Self.sequentialShare * activity.speechSeconds
        var skipped: [TimeSpan] = []
        let activityAfter = heard.speech ?? activity
        for stretch in SpeechCoverage.wordless(
            stretches, words: heard.words, minimumSeconds: SpeechCoverage.secondLookSeconds)
        {
            let cost = stretch.duration + 2 * Self.contextSeconds
            guard budget >= cost else {
                skipped.append(stretch)
                continue
            }
            budget -= cost
            let from = max(0, Int((stretch.start - Self.contextSeconds - chunk.startSeconds) * 16_000))
            let to = min(chunk.samples.count, Int((stretch.end + Self.contextSeconds - chunk.startSeconds) * 16_000))
            let answer = try decode(chunk.samples[from..<to], .sequential)
            note(answer, in: &heard)
            let found = take(
                answer, offset: chunk.startSeconds + Double(from) / 16_000, into: &heard.dropped, within: [stretch])
            heard.words = (heard.words + found).sorted { $0.start < $1.start }
            heard.secondLooks.append(
                SecondLook(
                    start: stretch.start, end: stretch.end, method: "sequential", heardAs: .speech, words: found.count))
        }

        for index in heard.dropped.indices {
            let span = TimeSpan(start: heard.dropped[index].start, end: heard.dropped[index].end)
            let looked = heard.secondLooks.contains { $0.words > 0 && $0.start < span.end && span.start < $0.end }
            let stillWordless = !SpeechCoverage.wordless(
                [span], words: heard.words, minimumSeconds: SpeechCoverage.reportedSeconds
            ).isEmpty
            heard.dropped[index].recovered = looked && !stillWordless
        }
        heard.unheard = SpeechCoverage.wordless(
            activityAfter.regions, words: heard.words, minimumSeconds: SpeechCoverage.reportedSeconds
        ).map {
            rest in
            UnheardSpeech(start: rest.start, end: rest.end, reason: reason(for: rest, heard: heard, skipped: skipped))
        }
        return heard
    }

    /// Neighbouring stretches packed into clips (with their context) of at most 30 s, each with
    /// the indices of the stretches it holds.
    static func clips(_ stretches: [TimeSpan]) -> [(span: TimeSpan, members: [Int])] {
        var clips: [(span: TimeSpan, members: [Int])] = []
        for (index, stretch) in stretches.enumerated() {
            let clip = TimeSpan(start: stretch.start - contextSeconds, end: stretch.end + contextSeconds)
            if let last = clips.last, clip.start - last.span.end <= sharedWindowGap,
                clip.end - last.span.start <= longestClip + 2 * contextSeconds
            {
                clips[clips.count - 1].span.end = max(last.span.end, clip.end)
                clips[clips.count - 1].members.append(index)
            } else {
                clips.append((clip, [index]))
            }
        }
        return clips
    }

    /// Stretches cut to at most `longestClip` seconds, so each fits one window with its context.
    static func split(_ stretches: [TimeSpan]) -> [TimeSpan] {
        stretches.flatMap { stretch -> [TimeSpan] in
            let pieces = max(1, Int((stretch.duration / longestClip).rounded(.up)))
            let length = stretch.duration / Double(pieces)
            return (0..<pieces).map {
                TimeSpan(start: stretch.start + Double($0) * length, end: stretch.start + Double($0 + 1) * length)
            }
        }
    }

    private func note(_ answer: WorkerAnswer, in heard: inout Heard) {
        heard.engineSeconds += answer.seconds
        heard.peakKiB = max(heard.peakKiB, answer.maxRssKib ?? 0)
    }

    /// The answer's words, at absolute times, after the guard. With `within` (sorted stretches),
    /// only the words whose middle falls inside one of them, clipped to it. Dropped segments are
    /// recorded with their time (only those that reach into `within`, when it is given).
    private func take(_ answer: WorkerAnswer, offset: Double, into dropped: inout [DroppedSegment], within: [TimeSpan]?)
        -> [Word]
    {
        func stretch(containing time: Double) -> TimeSpan? {
            within?.first { $0.start < time && time < $0.end }
        }
        var words: [Word] = []
        for segment in answer.segments {
            if let reason = HallucinationGuard.dropReason(for: segment) {
                let start = offset + segment.start
                let end = offset + max(segment.start, segment.end)
                if let within, !within.contains(where: { $0.start < end && start < $0.end }) { continue }
                dropped.append(
                    DroppedSegment(
                        start: start, end: end,
                        text: String(segment.text.trimmingCharacters(in: .whitespaces).prefix(200)), reason: reason))
                continue
            }
            for word in segment.words {
                let normalized = WordText.normalized(word.word)
                guard !normalized.isEmpty else { continue }
                var start = offset + word.start
                var end = offset + min(max(word.start, word.end), word.start + Self.longestWord)
                if within != nil {
                    guard let inside = stretch(containing: (start + end) / 2) else { continue }
                    start = max(start, inside.start)
                    end = min(end, inside.end)
                }
                words.append(
                    Word(
                        word: normalized, punctuatedWord: WordText.punctuated(word.word), start: start, end: end,
                        confidence: word.probability))
            }
        }
        return words
    }

    private func reason(for rest: TimeSpan, heard: Heard, skipped: [TimeSpan]) -> String {
        let overlapping = { (start: Double, end: Double) in start < rest.end && rest.start < end }
        let ownWindow = "decoded again in a window of its own"
        if skipped.contains(where: { overlapping($0.start, $0.end) }) {
            return "\(ownWindow), still no words; not decoded sequentially: this chunk's budget for that "
                + "(\(Int(Self.sequentialShare * 100))% of its speech) was spent"
        }
        let tried = "\(ownWindow), then sequentially with the temperature fallback"
        if let drop = heard.dropped.first(where: { overlapping($0.start, $0.end) }) {
            return "the engine's words here were dropped (\(drop.reason)); \(tried): still no words kept"
        }
        return
            "\(tried): the engine heard no words (the voice-activity detector may have taken noise, music or a tone for speech)"
    }
}
