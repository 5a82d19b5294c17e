import Foundation
import Media
import TestSupport
import Testing

@Suite struct ProbeTests {
    @Test(arguments: Fixtures.Format.allCases)
    func probesEveryFormatAsFFprobeDoes(format: Fixtures.Format) throws {
        let fixtures = try Fixtures.shared()
        for (path, channels) in [(fixtures.speech[format]!, 1), (fixtures.stereo[format]!, 2)] {
            let probe = try Probe.probe(MediaSource(path))
            let theirs = try Tool.ffprobeAudioSeconds(path)
            #expect(
                abs(probe.durationSeconds - theirs) < 0.05, "\(path): ours \(probe.durationSeconds), ffprobe \(theirs)")
            #expect(probe.audioCodec == (try Tool.ffprobeAudio(path, field: "codec_name")))
            #expect(String(probe.sampleRate) == (try Tool.ffprobeAudio(path, field: "sample_rate")))
            #expect(probe.channels == channels)
            #expect(probe.channelLayout == (channels == 1 ? "mono" : "stereo"))
            #expect(probe.sizeBytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64))
            #expect(probe.seekable)
            #expect(!probe.truncated)
            #expect(probe.durationMethod != .bitrate)
            #expect(probe.hasVideo == (format == .mp4))
            #expect(probe.container == format.rawValue || (format == .opus && probe.container == "ogg"))
        }
        if format != .aac {  // ADTS has nowhere to keep a title
            let tags = try Probe.probe(MediaSource(fixtures.speech[format]!)).tags
            #expect(tags.contains { $0.key.lowercased() == "title" && $0.value == Fixtures.title }, "\(tags)")
        }
    }

    @Test func probeJSONHasEveryKeyEvenWhenUnknown() throws {
        let probe = try Probe.probe(MediaSource(try Fixtures.shared().speech[.aac]!))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(probe)) as? [String: Any])
        for key in [
            "source", "container", "duration_seconds", "duration_method", "audio_codec", "sample_rate", "channels",
            "channel_layout", "bit_rate", "size_bytes", "tags", "seekable", "truncated", "warnings",
        ] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
    }

    @Test func truncatedMP3IsProbedAndSaysSo() throws {
        let fixtures = try Fixtures.shared()
        for path in [fixtures.truncatedMP3, fixtures.truncatedMP3WithoutHeader] {
            let probe = try Probe.probe(MediaSource(path))
            #expect(probe.truncated, "\(path)")
            #expect(probe.warnings.first?.hasPrefix("truncated") == true)
            // 40 % of a 30 s file is there; the header of the first promised all 30 s.
            #expect(abs(probe.durationSeconds - 12) < 0.3, "\(path): \(probe.durationSeconds)")
            #expect(probe.durationMethod == .streams)
        }
    }

    @Test func intactFilesAreNotCalledTruncated() throws {
        let fixtures = try Fixtures.shared()
        for path in Array(fixtures.speech.values) + Array(fixtures.stereo.values) {
            #expect(try !Probe.probe(MediaSource(path)).truncated, "\(path)")
        }
    }
}
