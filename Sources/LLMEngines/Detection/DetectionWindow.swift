import Foundation
import Transcripts

/// The transcript as the model reads it: one short line per utterance, in windows that fit a
/// model's context. Indices are those of `utterances` (the transcript's non-empty utterances in
/// time order, as the built-in detector reads them) in every window, so a reply's indices map back
/// to exact times whatever window it answers.
struct DetectionTranscript: Sendable {
    let utterances: [Utterance]
    let lines: [String]
    let durationSeconds: Double
    /// Each utterance's words, and the whole recording's: where a name the model gives must be
    /// found. Made once per detection, not once per segment.
    let spokenWords: [Set<String>]
    let recordingWords: Set<String>

    init(_ transcript: Transcript, maxCharsPerUtterance: Int) {
        utterances = transcript.utterances.filter { !$0.transcript.isEmpty }.sorted { $0.start < $1.start }
        let roles = Dictionary(transcript.speakers.map { ($0.id, $0.role) }, uniquingKeysWith: { first, _ in first })
        lines = utterances.enumerated().map { index, utterance in
            Self.line(
                index: index, utterance, role: utterance.speaker.flatMap { roles[$0] }, maxChars: maxCharsPerUtterance)
        }
        durationSeconds = max(transcript.durationSeconds, utterances.map(\.end).max() ?? 0)
        spokenWords = utterances.map { Set(Self.words($0.transcript)) }
        recordingWords = spokenWords.reduce(into: []) { $0.formUnion($1) }
    }

    /// Lower case, letters and digits: "Jordan," and "jordan" are one word.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// `[i] m:ss–m:ss S<speaker>(rep|customer|?): text`, the text cut to `maxChars` characters with "…".
    static func line(index: Int, _ utterance: Utterance, role: Speaker.Role?, maxChars: Int) -> String {
        let speaker = utterance.speaker.map(String.init) ?? "?"
        let roleName: String =
            switch role {
            case .rep: "rep"
            case .customer: "customer"
            case .unknown, nil: "?"
            }
        let text = utterance.transcript.replacingOccurrences(of: "\n", with: " ")
        let limit = max(maxChars, 1)
        let shown = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
        return "[\(index)] \(clock(utterance.start))–\(clock(utterance.end)) S\(speaker)(\(roleName)): \(shown)"
    }

    /// m:ss, minutes unbounded (a 12-hour day reaches 720:00); seconds rounded down.
    static func clock(_ seconds: Double) -> String {
        let whole = seconds.isFinite ? max(0, Int(seconds)) : 0
        let secs = whole % 60
        return "\(whole / 60):\(secs < 10 ? "0" : "")\(secs)"
    }

    /// Windows of at most `size` utterances, each starting `overlap` utterances before the last one
    /// ended (an overlap of `size` or more is taken as `size - 1`, so the windows always advance).
    static func windows(count: Int, size: Int, overlap: Int) -> [ClosedRange<Int>] {
        guard count > 0 else { return [] }
        let size = max(size, 2)
        let overlap = min(max(overlap, 0), size - 1)
        var windows: [ClosedRange<Int>] = []
        var start = 0
        while true {
            let end = min(start + size, count)
            windows.append(start...(end - 1))
            if end == count { return windows }
            start = end - overlap
        }
    }

    /// The user message for one window: where it lies in the recording, then its lines.
    func userMessage(window: ClosedRange<Int>, number: Int, of total: Int) -> String {
        let first = utterances[window.lowerBound]
        let last = utterances[window.upperBound]
        var header = "Recording: \(utterances.count) utterances, \(Self.clock(durationSeconds)) long (m:ss).\n"
        header += "This window (\(number) of \(total)): utterances [\(window.lowerBound)] to [\(window.upperBound)], "
        header += "\(Self.clock(first.start))–\(Self.clock(last.end)).\n"
        if window.lowerBound > 0 {
            header +=
                "The recording goes on before this window: a conversation may already be under way at its first line.\n"
        }
        if window.upperBound < utterances.count - 1 {
            header += "The recording goes on after this window: a conversation may continue past its last line.\n"
        }
        return header + "\n" + lines[window].joined(separator: "\n")
    }
}
