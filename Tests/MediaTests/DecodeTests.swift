import Foundation
import Media
import TestSupport
import Testing

@Suite struct DecodeTests {
    /// Decodes everything, checking that chunks are contiguous and never longer than asked.
    static func decodeAll(_ path: String, _ options: DecodeOptions = DecodeOptions()) throws -> (
        channels: [[Float]], first: Int64
    ) {
        let decoder = try AudioDecoder(MediaSource(path), options: options)
        let limit = Int(options.chunkSeconds * Double(options.sampleRate))
        var channels: [[Float]] = []
        var first: Int64?
        var expectedStart: Int64?
        while let chunk = try decoder.next() {
            #expect(chunk.frameCount <= limit)
            #expect(chunk.frameCount > 0)
            #expect(chunk.sampleRate == options.sampleRate)
            if let expectedStart { #expect(chunk.startSample == expectedStart) }
            expectedStart = chunk.startSample + Int64(chunk.frameCount)
            first = first ?? chunk.startSample
            if channels.isEmpty { channels = Array(repeating: [], count: chunk.channels.count) }
            for (index, samples) in chunk.channels.enumerated() { channels[index] += samples }
        }
        return (channels, first ?? -1)
    }

    @Test(arguments: Fixtures.Format.allCases)
    func pcmLengthMatchesTheDuration(format: Fixtures.Format) throws {
        let path = try Fixtures.shared().speech[format]!
        let probe = try Probe.probe(MediaSource(path))
        let (channels, first) = try Self.decodeAll(path, DecodeOptions(chunkSeconds: 1))
        // WebM keeps milliseconds: its first Opus frame may sit a few of them after 0.
        #expect(first >= 0 && first <= 160, "first sample at \(first)")
        #expect(channels.count == 1)
        let seconds = Double(channels[0].count) / 16_000
        // Encoder priming and padding make containers disagree by up to a couple of codec frames.
        #expect(abs(seconds - probe.durationSeconds) < 0.06, "decoded \(seconds) s, probed \(probe.durationSeconds) s")
        #expect(rms(channels[0]) > 0.01, "speech decoded to silence")
    }

    @Test(arguments: Fixtures.Format.allCases)
    func aToneOnTheLeftStaysOnTheLeft(format: Fixtures.Format) throws {
        let path = try Fixtures.shared().stereo[format]!
        let (separate, _) = try Self.decodeAll(path, DecodeOptions(channelMode: .separate))
        #expect(separate.count == 2)
        let left = rms(separate[0])
        let right = rms(separate[1])
        #expect(left > 0.05, "left \(left)")
        #expect(right < left / 100, "left \(left), right \(right)")
        #expect(abs(Double(separate[0].count) / 16_000 - Fixtures.toneSeconds) < 0.06)

        let (mixed, _) = try Self.decodeAll(path)
        #expect(mixed.count == 1)
        #expect(abs(rms(mixed[0]) - left / 2) < left * 0.05, "a mixdown is the average of the channels")
    }

    @Test(arguments: [Fixtures.Format.wav, .mp3, .m4a])
    func resumingAtAnOffsetDeliversTheSameSamples(format: Fixtures.Format) throws {
        let path = try Fixtures.shared().stereo[format]!
        let (whole, _) = try Self.decodeAll(path)
        let (resumed, first) = try Self.decodeAll(path, DecodeOptions(startSeconds: 3))
        #expect(first == 48_000)
        #expect(abs(resumed[0].count - (whole[0].count - 48_000)) <= 1)
        // After the decoder settles (MP3/AAC need a frame of history), the samples are the same ones.
        let settle = 2_000
        let compared = min(resumed[0].count, whole[0].count - 48_000) - settle
        var worst: Float = 0
        for i in settle..<(settle + compared) { worst = max(worst, abs(resumed[0][i] - whole[0][48_000 + i])) }
        #expect(worst < 0.01, "largest difference \(worst)")
    }

    @Test func startingPastTheEndDeliversNothing() throws {
        let decoder = try AudioDecoder(
            MediaSource(try Fixtures.shared().stereo[.mp3]!), options: DecodeOptions(startSeconds: 60))
        #expect(try decoder.next() == nil)
    }

    @Test func truncatedMP3DecodesWhatIsThere() throws {
        let fixtures = try Fixtures.shared()
        for path in [fixtures.truncatedMP3, fixtures.truncatedMP3WithoutHeader] {
            let (channels, _) = try Self.decodeAll(path)
            #expect(abs(Double(channels[0].count) / 16_000 - 12) < 0.3)
        }
    }

    /// 2 hours of 22.05 kHz MP3 (a resampling ratio of 320/441) with a click at every minute:
    /// each click must land on its minute, to the sample, at hour 2 as at minute 1.
    @Test func noDriftOverTwoHours() throws {
        let path = try Fixtures.shared().clickTrack(hours: 2)
        let decoder = try AudioDecoder(MediaSource(path), options: DecodeOptions(chunkSeconds: 60))
        var onsets: [Int64] = []
        var lastLoud: Int64 = -1_000_000
        while let chunk = try decoder.next() {
            for (i, sample) in chunk.channels[0].enumerated() where abs(sample) > 0.2 {
                let index = chunk.startSample + Int64(i)
                if index - lastLoud > 16_000 { onsets.append(index) }
                lastLoud = index
            }
        }
        #expect(onsets.count == 120)
        let offsets = onsets.enumerated().map { $0.element - Int64($0.offset) * 60 * 16_000 }
        let spread = (offsets.max() ?? 0) - (offsets.min() ?? 0)
        #expect(spread <= 2, "click offsets from their minutes, in samples: \(offsets)")
        #expect(offsets.allSatisfy { abs($0) <= 16 }, "a click is more than 1 ms off its minute: \(offsets)")
    }
}
