/// How much of the speech in the audio the transcript carries.
///
/// *Speech coverage* is the share of the voice-activity detector's speech time that lies within
/// `reachSeconds` of a recognised word. The reach absorbs the detector's own padding (0.4 s on
/// each side of a region) and the ordinary pauses inside a turn, so a transcript that misses
/// nothing scores close to 1, and every second of speech without a word nearby costs its share.
///
/// A *wordless stretch* is time inside a speech region that no word overlaps. One of
/// `secondLookSeconds` or more is decoded again; one still `reportedSeconds` or longer afterwards
/// is listed in the transcript with its reason (`UnheardSpeech`).
public enum SpeechCoverage {
    public static let reachSeconds = 1.0
    public static let secondLookSeconds = 2.0
    public static let reportedSeconds = 3.0

    /// The share of `activity`'s speech within `reachSeconds` of one of `words` (sorted by start);
    /// nil when there is no speech to cover.
    public static func ratio(_ words: [Word], activity: VoiceActivity) -> Double? {
        let speech = activity.speechSeconds
        guard speech > 0 else { return nil }
        let reached = TimeSpan.union(words.map { TimeSpan(start: $0.start - reachSeconds, end: $0.end + reachSeconds) })
        let uncovered = TimeSpan.subtract(reached, from: activity.regions).reduce(0) { $0 + $1.duration }
        return max(0, min(1, 1 - uncovered / speech))
    }

    /// The stretches of `regions` that no word overlaps, at least `minimumSeconds` long.
    public static func wordless(_ regions: [TimeSpan], words: [Word], minimumSeconds: Double) -> [TimeSpan] {
        let spoken = TimeSpan.union(words.map { TimeSpan(start: $0.start, end: max($0.end, $0.start + 0.01)) })
        return TimeSpan.subtract(spoken, from: regions).filter { $0.duration >= minimumSeconds }
    }
}
