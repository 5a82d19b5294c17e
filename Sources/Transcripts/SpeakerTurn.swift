/// One speaker's stretch of speech: the transcript's answer to "who spoke when".
public struct SpeakerTurn: Sendable, Equatable, Codable {
    public var speaker: Int
    public var start: Double
    public var end: Double

    public init(speaker: Int, start: Double, end: Double) {
        self.speaker = speaker
        self.start = start
        self.end = end
    }
}

extension Transcript {
    /// Who spoke when, from the audio rather than the words alone: every speech region the
    /// voice-activity detector heard, cut midway between two words of different speakers, each
    /// part labelled by its words' speaker. Word times end early and start late on quiet or
    /// phone-line speech; the region says how long someone really talked. Regions without words
    /// are left out (their speech is listed in `unheard` when long enough). Without voice activity
    /// (a transcript made elsewhere), the utterances.
    public var speakerTurns: [SpeakerTurn] {
        guard let regions = voiceActivity?.regions, !regions.isEmpty else {
            return utterances.map { SpeakerTurn(speaker: $0.speaker ?? 0, start: $0.start, end: $0.end) }
        }
        var turns: [SpeakerTurn] = []
        var next = 0
        for region in regions {
            while next < words.count, words[next].end <= region.start { next += 1 }
            let inside = words[next...].prefix { $0.start < region.end }.filter { $0.end > region.start }
            guard let first = inside.first else { continue }
            var turn = SpeakerTurn(speaker: first.speaker ?? 0, start: region.start, end: region.end)
            for (before, after) in zip(inside, inside.dropFirst()) where (after.speaker ?? 0) != turn.speaker {
                let cut = (before.end + after.start) / 2
                turns.append(SpeakerTurn(speaker: turn.speaker, start: turn.start, end: cut))
                turn = SpeakerTurn(speaker: after.speaker ?? 0, start: cut, end: region.end)
            }
            turns.append(turn)
        }
        return turns
    }
}
