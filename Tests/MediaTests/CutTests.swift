import Foundation
import Media
import TestSupport
import Testing

@Suite struct CutTests {
    /// The container each format's cut is written in (OutputContainer's table).
    static let expectedContainer: [Fixtures.Format: String] = [
        .mp3: "mp3", .wav: "wav", .m4a: "m4a", .aac: "m4a", .ogg: "ogg", .flac: "flac", .opus: "opus",
        .webm: "webm", .mp4: "m4a",
    ]

    @Test(arguments: Fixtures.Format.allCases)
    func cutsByStreamCopyWithinOnePacket(format: Fixtures.Format) throws {
        let source = try Fixtures.shared().stereo[format]!
        let directory = try temporaryDirectory("cut")
        let (start, end) = (2.3, 5.7)
        let result = try Cutter.cut(
            MediaSource(source), start: start, end: end, to: .automatic(directory: directory, basename: "segment-0"))
        let packet = try Tool.firstPacketSeconds(source)

        #expect(result.output == "\(directory)/segment-0.\(Self.expectedContainer[format]!)")
        #expect((result.fallback != nil) == [.aac, .mp4].contains(format))
        #expect(
            result.startSeconds <= start + 1e-6 && result.startSeconds > start - packet - 1e-6,
            "starts at \(result.startSeconds)")
        let played = try #require(Double(try Tool.ffprobe(result.output, entry: "format=duration")))
        #expect(abs(played - (end - start)) <= packet + 0.002, "ffprobe says \(played) s, packet \(packet) s")
        #expect(abs(result.durationSeconds - (end - start)) <= packet)
        #expect(
            try Tool.ffprobeAudio(result.output, field: "codec_name") == Tool.ffprobeAudio(source, field: "codec_name"))
        let decodeErrors = try Tool.run(["ffmpeg", "-v", "error", "-i", result.output, "-f", "null", "-"]).stderr
        #expect(decodeErrors.isEmpty, "\(decodeErrors)")

        // Stream copy: the cut's packets are the source's, byte for byte (ADTS headers are stripped for
        // M4A). PCM has no packets of its own, so there the samples must be a run of the source's.
        if format == .wav {
            let cut = try Tool.pcmBytes(result.output)
            let whole = try Tool.pcmBytes(source)
            #expect(!cut.isEmpty && whole.range(of: cut) != nil)
        } else if format != .aac {
            let cut = try Tool.packetHashes(result.output)
            let original = try Tool.packetHashes(source)
            #expect(cut.count == result.packets)
            let firstIndex = try #require(original.firstIndex(of: cut[0]))
            #expect(Array(original[firstIndex..<min(original.count, firstIndex + cut.count)]) == cut)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory) == [
                "segment-0.\(Self.expectedContainer[format]!)"
            ])
    }

    @Test func flacCutStatesItsOwnLength() throws {
        let source = try Fixtures.shared().stereo[.flac]!
        let output = try temporaryDirectory("flac") + "/cut.flac"
        let result = try Cutter.cut(MediaSource(source), start: 1, end: 4, to: .file(output))
        let header = try #require(Double(try Tool.ffprobe(output, entry: "format=duration")))
        #expect(abs(header - result.durationSeconds) < 0.001, "the STREAMINFO says \(header) s")
    }

    @Test func anEndPastTheRecordingIsClamped() throws {
        let source = try Fixtures.shared().stereo[.mp3]!
        let output = try temporaryDirectory("clamp") + "/tail.mp3"
        let result = try Cutter.cut(MediaSource(source), start: 6, end: 600, to: .file(output))
        #expect(abs(result.endSeconds - Fixtures.toneSeconds) < 0.06)
    }

    @Test func anIncompatibleContainerIsRefusedAndNothingIsLeft() throws {
        let source = try Fixtures.shared().stereo[.aac]!
        let directory = try temporaryDirectory("refuse")
        do {
            _ = try Cutter.cut(MediaSource(source), start: 1, end: 2, to: .file("\(directory)/cut.mp3"))
            Issue.record("an AAC cut into .mp3 should fail")
        } catch {
            #expect(error.code == "write_failed")
            #expect(error.message.contains(".m4a"), "the message should say what would work: \(error.message)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func invalidRangesAreRefused() throws {
        let source = try Fixtures.shared().stereo[.wav]!
        let directory = try temporaryDirectory("ranges")
        for (start, end) in [(3.0, 3.0), (5.0, 2.0), (-1.0, 2.0), (100.0, 200.0)] {
            do {
                _ = try Cutter.cut(MediaSource(source), start: start, end: end, to: .file("\(directory)/x.wav"))
                Issue.record("[\(start), \(end)) should be refused")
            } catch {
                #expect(error.code == "invalid_range")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func packetsADamagedSourceHoldsAreLeftOutInsteadOfFailingTheCut() throws {
        // 200 bytes flipped in the last 90% of a WebM: some blocks' timestamps now go backwards,
        // which the muxer refuses (EINVAL). A cut that failed for good on them now leaves them out.
        let path = try temporaryDirectory("damaged") + "/damaged.webm"
        try FileManager.default.copyItem(atPath: try Fixtures.shared().speech[.webm]!, toPath: path)
        try Tool.run([
            "python3", "-c",
            "import sys, random; p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); r = random.Random(7)\n"
                + "for _ in range(200): b[r.randrange(len(b) // 10, len(b))] ^= 0xff\nopen(p, 'wb').write(b)",
            path,
        ])
        let duration = try Probe.probe(MediaSource(path)).durationSeconds
        let output = (path as NSString).deletingLastPathComponent + "/cut.webm"
        let cut = try Cutter.cut(MediaSource(path), start: 0, end: duration, to: .file(output))
        #expect(cut.rejectedPackets > 0 && cut.packets > 0, "\(cut)")
        #expect(try Tool.ffprobeAudioSeconds(output) > duration / 2)
        let json = String(decoding: try JSONEncoder().encode(cut), as: UTF8.self)
        #expect(json.contains("\"rejected_packets\":\(cut.rejectedPackets)"))
    }

    @Test func aMissingOutputFolderIsAWriteFailure() throws {
        let source = try Fixtures.shared().stereo[.wav]!
        do {
            _ = try Cutter.cut(MediaSource(source), start: 1, end: 2, to: .file("/nonexistent-callsift-dir/x.wav"))
            Issue.record("should fail")
        } catch {
            #expect(error.code == "write_failed")
        }
    }
}
