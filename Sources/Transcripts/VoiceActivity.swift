/// Where the audio holds speech, as the speech engine's voice-activity detector heard it: what
/// pauses are measured from (never from the gaps between recognised words, which a missed
/// window also makes) and what speech coverage is measured against.
///
/// The whisper engine reports the regions of faster-whisper's Silero VAD exactly as its decoder
/// used them: split at any silence of 160 ms or more, then each region widened by `padSeconds`
/// (0.4 s) on both sides, neighbours closer than twice that being joined halfway. So a gap of `g`
/// seconds between two regions is a silence of `g + 2 × padSeconds`, and regions that touch hide
/// a silence shorter than `2 × padSeconds`.
public struct VoiceActivity: Sendable, Equatable, Codable {
    /// What heard the speech, e.g. "silero-vad".
    public var method: String
    public var padSeconds: Double
    /// Sorted, not overlapping.
    public var regions: [TimeSpan]

    public init(method: String, padSeconds: Double, regions: [TimeSpan]) {
        self.method = method
        self.padSeconds = padSeconds
        self.regions = regions
    }

    enum CodingKeys: String, CodingKey {
        case method, regions
        case padSeconds = "pad_seconds"
    }

    public var speechSeconds: Double { regions.reduce(0) { $0 + $1.duration } }

    /// The longest silence the detector heard between `start` and `end` (the end of one utterance
    /// and the start of the next): 0 when speech fills the whole stretch.
    public func longestSilence(from start: Double, to end: Double) -> Double {
        guard end > start else { return 0 }
        var longest = 0.0
        var cursor = start
        // The first region that could reach into the stretch.
        var low = 0
        var high = regions.count
        while low < high {
            let middle = (low + high) / 2
            if regions[middle].end <= start { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < regions.count, regions[index].start < end {
            longest = max(longest, silence(regions[index].start - cursor, atEdge: cursor == start))
            cursor = max(cursor, regions[index].end)
            index += 1
        }
        if cursor < end { longest = max(longest, silence(end - cursor, atEdge: true)) }
        return longest
    }

    /// A gap between two regions hides the padding on both of its sides; a gap that reaches an
    /// utterance's own edge hides it on one side only.
    private func silence(_ gap: Double, atEdge: Bool) -> Double {
        guard gap > 0 else { return 0 }
        return atEdge ? gap : gap + 2 * padSeconds
    }
}
