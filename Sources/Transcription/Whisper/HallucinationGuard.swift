import Foundation
import Transcripts

/// Keeps Whisper's known inventions out of transcripts.
///
/// 1. A segment is dropped when Whisper itself thinks it is not speech: `no_speech_prob > 0.6` with
///    `avg_logprob < -1.0` (the rule openai-whisper uses to skip silent windows).
/// 2. A segment is dropped when its text compresses too well (`compression_ratio > 2.4`): the
///    signature of a decoding loop ("thank you thank you thank you ...").
/// 3. Within the words that remain, a run of 4 or more back-to-back copies of the same 1–4 word
///    phrase is cut to one copy (people say "no, no" or "very very"; they do not say it four times).
/// Silence and music mostly never reach the model: the engine's Silero VAD removes them first.
enum HallucinationGuard {
    static let noSpeechProbability = 0.6
    static let minimumLogProbability = -1.0
    static let maximumCompressionRatio = 2.4
    static let repeatsKept = 3

    /// Why `segment` must be dropped, or nil to keep it.
    static func dropReason(for segment: WorkerAnswer.Segment) -> String? {
        if segment.noSpeechProb > noSpeechProbability, segment.avgLogprob < minimumLogProbability {
            return String(
                format:
                    "not speech by the engine's own measure (no-speech probability %.2f, mean log-probability %.2f)",
                segment.noSpeechProb,
                segment.avgLogprob)
        }
        if segment.compressionRatio > maximumCompressionRatio {
            return String(
                format: "repetitive: its text compresses %.2f× (over %.1f is a decoding loop)",
                segment.compressionRatio, maximumCompressionRatio)
        }
        return nil
    }

    /// Removes runs of more than `repeatsKept` consecutive copies of the same phrase, keeping the
    /// first copy; `removed` holds each run's removed copies.
    static func collapseRepeats(_ words: [Word]) -> (words: [Word], removed: [[Word]]) {
        var result = words
        var removed: [[Word]] = []
        for size in 1...4 {
            var index = 0
            while index + size * (repeatsKept + 1) <= result.count {
                let phrase = result[index..<(index + size)].map(\.word)
                var copies = 1
                while index + size * (copies + 1) <= result.count,
                    result[(index + size * copies)..<(index + size * (copies + 1))].map(\.word) == phrase
                {
                    copies += 1
                }
                if copies > repeatsKept {
                    removed.append(Array(result[(index + size)..<(index + size * copies)]))
                    result.removeSubrange((index + size)..<(index + size * copies))
                }
                index += 1
            }
        }
        return (result, removed)
    }
}
