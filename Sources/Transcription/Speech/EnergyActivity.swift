import Foundation
import Transcripts

/// Where a chunk's audio is loud above its own background: sound that may be speech the engine's
/// VAD did not call speech (a synthetic or heavily filtered voice on a phone line can score under
/// Silero's threshold), looked at again before it is given up.
///
/// The level of each 10 ms frame of the mono mix, in dBFS; the background is the chunk's 10th
/// percentile level (never under -70 dBFS); a frame is *loud* when it is at least `marginDecibels`
/// above the background and above `floorDecibels`. Loud frames less than `bridgeSeconds` apart are
/// joined, and runs shorter than `shortestSeconds` dropped. Music, tones and noise are loud too:
/// only the words a decoder finds in a loud stretch make it speech.
enum EnergyActivity {
    static let frameSamples = 160
    static let marginDecibels: Float = 12
    static let floorDecibels: Float = -55
    static let bridgeSeconds = 0.25
    static let shortestSeconds = 0.3

    /// Loud stretches of `samples` (16 kHz), in seconds from their start.
    static func regions(_ samples: ArraySlice<Float>) -> [TimeSpan] {
        let frames = samples.count / frameSamples
        guard frames > 0 else { return [] }
        var levels = [Float](repeating: -120, count: frames)
        let base = samples.startIndex
        for frame in 0..<frames {
            var sum: Float = 0
            for index in (base + frame * frameSamples)..<(base + (frame + 1) * frameSamples) {
                sum += samples[index] * samples[index]
            }
            levels[frame] = 10 * log10(sum / Float(frameSamples) + 1e-12)
        }
        let background = max(-70, levels.sorted()[frames / 10])
        let threshold = max(background + marginDecibels, floorDecibels)
        var spans: [TimeSpan] = []
        var start: Int?
        for frame in 0...frames {
            let loud = frame < frames && levels[frame] >= threshold
            if loud, start == nil { start = frame }
            if !loud, let first = start {
                spans.append(TimeSpan(start: Double(first) * 0.01, end: Double(frame) * 0.01))
                start = nil
            }
        }
        var joined: [TimeSpan] = []
        for span in spans {
            if let last = joined.last, span.start - last.end < bridgeSeconds {
                joined[joined.count - 1].end = span.end
            } else {
                joined.append(span)
            }
        }
        return joined.filter { $0.duration >= shortestSeconds }
    }
}
