import Foundation
import Media
import TestSupport
import Testing

@Suite struct BadInputTests {
    static func expectFailure(_ path: String, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let probe = try Probe.probe(MediaSource(path))
            Issue.record("\(path) probed as \(probe.container); expected \(code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(path): \(error)", sourceLocation: sourceLocation)
            #expect(
                error.message.contains(path), "the message should name the file: \(error.message)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func eachBadInputHasItsOwnCode() throws {
        let fixtures = try Fixtures.shared()
        Self.expectFailure(fixtures.missing, code: "source_not_found")
        Self.expectFailure(fixtures.emptyFile, code: "empty_file")
        Self.expectFailure(fixtures.textNamedWav, code: "unsupported_format")
        Self.expectFailure(fixtures.randomBytesNamedM4a, code: "corrupt_media")
        Self.expectFailure(fixtures.videoWithoutAudio, code: "no_audio_stream")
        Self.expectFailure(fixtures.folder, code: "is_directory")
    }

    @Test func aSymbolicLinkToNothingSaysSo() throws {
        let directory = try temporaryDirectory("links")
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory)/dangling.mp3", withDestinationPath: "\(directory)/gone.mp3")
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory)/a.mp3", withDestinationPath: "\(directory)/b.mp3")
        try FileManager.default.createSymbolicLink(
            atPath: "\(directory)/b.mp3", withDestinationPath: "\(directory)/a.mp3")
        Self.expectFailure("\(directory)/dangling.mp3", code: "broken_link")
        Self.expectFailure("\(directory)/a.mp3", code: "broken_link")
        do {
            _ = try Probe.probe(MediaSource("\(directory)/dangling.mp3"))
        } catch {
            #expect(error.message.contains("gone.mp3, does not exist"), "\(error.message)")
        }
    }

    @Test func sourceNamesDropTheirQueryString() {
        #expect(MediaSource("https://bucket.example/calls/day-1.mp3?X-Amz-Signature=abc/def").baseName == "day-1")
        #expect(MediaSource("/calls/rep 7/day-2.m4a").baseName == "day-2")
        #expect(MediaSource("https://bucket.example/calls/day-1.mp3?sig=1").pathExtension == "mp3")
    }

    @Test func decodingABadInputFailsTheSameWay() throws {
        let fixtures = try Fixtures.shared()
        for (path, code) in [
            (fixtures.textNamedWav, "unsupported_format"), (fixtures.videoWithoutAudio, "no_audio_stream"),
        ] {
            do {
                _ = try AudioDecoder(MediaSource(path))
                Issue.record("\(path) should not decode")
            } catch {
                #expect(error.code == code)
            }
        }
    }

    @Test func noAudioStreamSaysWhatIsThere() throws {
        let path = try Fixtures.shared().videoWithoutAudio
        do {
            _ = try Probe.probe(MediaSource(path))
            Issue.record("should fail")
        } catch {
            #expect(error.details["streams"]?.contains("video") == true, "\(error.details)")
        }
    }

    @Test func randomBytesTakenForSubtitlesAreNotARecording() throws {
        // Seeded random bytes that libavformat reads as a text subtitle stream.
        let path = try temporaryDirectory("random") + "/noise.mp3"
        try Tool.run([
            "python3", "-c",
            "import random, sys; r = random.Random(98); open(sys.argv[1], 'wb').write(bytes(r.getrandbits(8) for _ in range(4096)))",
            path,
        ])
        do {
            _ = try Probe.probe(MediaSource(path))
            Issue.record("should fail")
        } catch {
            #expect(error.code == "unsupported_format", "\(error)")
            #expect(error.message.contains("no audio or video"))
        }
    }

    @Test func aFilePaddedWithZerosStopsAtTheReadLimitInsteadOfReadingForever() throws {
        // One second of WAV, then 20 GB of zeros (sparse: no disk used). FFmpeg's WAV reader walks
        // the zeros 8 bytes at a time looking for another chunk: 20 minutes and more, unbounded.
        let path = try temporaryDirectory("padded") + "/padded.wav"
        try Tool.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", path, "synth", "1", "sine", "440"])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 20 << 30)
        try handle.close()
        let started = Date()
        do {
            let probe = try Probe.probe(
                MediaSource(path), network: NetworkPolicy(readTimeoutSeconds: 1, openTimeoutSeconds: 3))
            Issue.record("probed as \(probe.durationSeconds) s; expected read_stalled")
        } catch {
            #expect(
                error.code == "read_stalled" && error.message.contains(path)
                    && error.message.contains("padded with zeros"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }

    /// 10,000 probes, good and bad, leave no file descriptor open. (Memory is checked in a process
    /// of its own, by CLITests: other tests share this one's heap.)
    @Test func tenThousandProbesLeaveNoDescriptorOpen() throws {
        let fixtures = try Fixtures.shared()
        let directory = try temporaryDirectory("leak")
        // Private copies, so descriptors on them can only be this test's.
        var inputs: [String] = []
        for (index, path) in [
            fixtures.speech[.wav]!, fixtures.speech[.mp3]!, fixtures.randomBytesNamedM4a, fixtures.textNamedWav,
        ].enumerated() {
            let copy = "\(directory)/\(index)-\(URL(fileURLWithPath: path).lastPathComponent)"
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            inputs.append(copy)
        }
        inputs.append("\(directory)/missing.mp3")
        var failures = 0
        for iteration in 0..<10_000 {
            do { _ = try Probe.probe(MediaSource(inputs[iteration % inputs.count])) } catch { failures += 1 }
        }
        #expect(failures == 6_000)
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        let open = entries.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)"))?.hasPrefix(directory)
                == true
        }
        #expect(open.isEmpty, "descriptors left open: \(open.count)")
    }
}
