import Transcripts

/// One conversation cut from a recording's transcript: what the analyzer scores.
///
/// Times stay those of the source recording, so every quoted timestamp seeks the original file.
public struct CallSlice: Sendable {
    public var utterances: [Utterance]
    /// The rep's speaker ids. Empty when the transcript has no roles (diarization skipped): the
    /// speaker with the most words is then taken as the rep, and the analysis says so.
    public var repSpeakers: Set<Int>
    public var startSeconds: Double
    public var endSeconds: Double
    public var prospectName: String?
    public var repName: String?
    /// Pitch and loudness measured from the rep's audio, when the audio is at hand.
    public var prosody: Prosody?
    /// The transcript's language (nil: unknown, read as English).
    public var language: String?

    public init(
        utterances: [Utterance], repSpeakers: Set<Int>, startSeconds: Double, endSeconds: Double,
        prospectName: String? = nil,
        repName: String? = nil, prosody: Prosody? = nil, language: String? = nil
    ) {
        self.language = language
        self.utterances = utterances.filter { !$0.transcript.isEmpty }.sorted { $0.start < $1.start }
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.prospectName = prospectName
        self.repName = repName
        self.prosody = prosody
        if repSpeakers.isEmpty {
            var words: [Int: Int] = [:]
            for utterance in self.utterances {
                words[utterance.speaker ?? 0, default: 0] += max(1, utterance.words.count)
            }
            let top = words.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
            self.repSpeakers = top.map { [$0] } ?? []
            self.repInferred = true
        } else {
            self.repSpeakers = repSpeakers
            self.repInferred = false
        }
    }

    /// True when no role came with the transcript and the most talkative speaker was taken as the rep.
    public private(set) var repInferred: Bool

    /// The utterances of `transcript` within `start…end` (by their midpoint), with the transcript's rep.
    public static func cut(
        _ transcript: Transcript, from start: Double, to end: Double, prospectName: String? = nil,
        repName: String? = nil,
        prosody: Prosody? = nil
    ) -> CallSlice {
        let inside = transcript.utterances.filter { ($0.start + $0.end) / 2 >= start && ($0.start + $0.end) / 2 <= end }
        return CallSlice(
            utterances: inside, repSpeakers: Set(transcript.speakers.filter { $0.role == .rep }.map(\.id)),
            startSeconds: start,
            endSeconds: end, prospectName: prospectName, repName: repName, prosody: prosody,
            language: transcript.language)
    }

    func isRep(_ utterance: Utterance) -> Bool { repSpeakers.contains(utterance.speaker ?? 0) }
}
