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
            #expect(error.message.contains(path), "the message should name the file: \(error.message)", sourceLocation: sourceLocation)
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

    @Test func sourceNamesDropTheirQueryString() {
        #expect(MediaSource("https://bucket.example/calls/day-1.mp3?X-Amz-Signature=abc/def").baseName == "day-1")
        #expect(MediaSource("/calls/rep 7/day-2.m4a").baseName == "day-2")
        #expect(MediaSource("https://bucket.example/calls/day-1.mp3?sig=1").pathExtension == "mp3")
    }

    @Test func decodingABadInputFailsTheSameWay() throws {
        let fixtures = try Fixtures.shared()
        for (path, code) in [(fixtures.textNamedWav, "unsupported_format"), (fixtures.videoWithoutAudio, "no_audio_stream")] {
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

    /// 10,000 probes, good and bad, leave no file descriptor open and no memory behind.
    @Test func tenThousandProbesLeakNothing() throws {
        let fixtures = try Fixtures.shared()
        let directory = try temporaryDirectory("leak")
        // Private copies, so descriptors on them can only be this test's.
        var inputs: [String] = []
        for (index, path) in [fixtures.speech[.wav]!, fixtures.speech[.mp3]!, fixtures.randomBytesNamedM4a, fixtures.textNamedWav].enumerated() {
            let copy = "\(directory)/\(index)-\(URL(fileURLWithPath: path).lastPathComponent)"
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            inputs.append(copy)
        }
        inputs.append("\(directory)/missing.mp3")

        func openDescriptors() -> Int {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)"))?.hasPrefix(directory) == true }.count
        }
        func residentBytes() -> Int {
            let fields = ((try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "").split(separator: " ")
            return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
        }

        var failures = 0
        var warmRSS = 0
        for iteration in 0..<10_000 {
            if iteration == 1_000 { warmRSS = residentBytes() }
            do { _ = try Probe.probe(MediaSource(inputs[iteration % inputs.count])) } catch { failures += 1 }
        }
        #expect(failures == 6_000)
        #expect(openDescriptors() == 0)
        let growth = residentBytes() - warmRSS
        // A leaked context with its I/O buffer is ≥ 32 KiB a probe: 9,000 of them would be ≥ 280 MiB.
        #expect(growth < 64 << 20, "resident memory grew \(growth >> 20) MiB over 9,000 probes")
    }
}
