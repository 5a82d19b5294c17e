import Foundation
import Media
import TestSupport
import Testing

/// http(s) sources, served by a loopback server with and without Range support.
@Suite struct URLTests {
    static let quick = NetworkPolicy(readTimeoutSeconds: 1, openTimeoutSeconds: 3)

    @Test(arguments: [Fixtures.Format.mp3, .m4a, .ogg, .wav])
    func aURLWithRangeSupportProbesLikeTheFile(format: Fixtures.Format) throws {
        let path = try Fixtures.shared().stereo[format]!
        let url = try FixtureServer.shared().url("range", path)
        let remote = try Probe.probe(MediaSource(url))
        let local = try Probe.probe(MediaSource(path))
        #expect(remote.seekable)
        #expect(remote.sizeBytes == local.sizeBytes)
        #expect(abs(remote.durationSeconds - local.durationSeconds) < 0.001)
        #expect(remote.audioCodec == local.audioCodec)
        #expect(remote.channels == 2)
    }

    @Test func aURLWithoutRangeSupportIsNotSeekableButDecodes() throws {
        let path = try Fixtures.shared().stereo[.mp3]!
        let url = try FixtureServer.shared().url("norange", path)
        let probe = try Probe.probe(MediaSource(url))
        #expect(!probe.seekable)
        #expect(abs(probe.durationSeconds - Fixtures.toneSeconds) < 0.1)
        let remote = try DecodeTests.decodeAll(url).channels[0]
        let local = try DecodeTests.decodeAll(path).channels[0]
        #expect(remote.count == local.count)
    }

    @Test func anM4AWithItsIndexAtTheEndIsCopiedWhenTheServerCannotSeek() throws {
        let path = try Fixtures.shared().stereo[.m4a]!
        let url = try FixtureServer.shared().url("norange", path)
        // Read in place it fails on its first packet: FFmpeg's muxer put the index after the audio.
        #expect(throws: MediaError.self) { try DecodeTests.decodeAll(url) }

        let directory = try temporaryDirectory("spool")
        let (readable, copy, _) = try Spool.readable(MediaSource(url), directory: directory, name: "call")
        let copied = try #require(copy)
        #expect(readable == MediaSource(copied) && copied == "\(directory)/call.m4a")
        #expect(FileManager.default.contents(atPath: copied) == FileManager.default.contents(atPath: path))
        #expect(try DecodeTests.decodeAll(copied).channels[0].count == DecodeTests.decodeAll(path).channels[0].count)

        // A server that seeks, or a format read front to back: read in place, nothing copied.
        let ranged = try FixtureServer.shared().url("range", path)
        #expect(try Spool.readable(MediaSource(ranged), directory: directory, name: "ranged").copy == nil)
        let mp3 = try FixtureServer.shared().url("norange", try Fixtures.shared().stereo[.mp3]!)
        #expect(try Spool.readable(MediaSource(mp3), directory: directory, name: "mp3").copy == nil)

        // Over the limit: its own code, and no part of the copy left behind.
        do {
            try Spool.copy(MediaSource(url), to: "\(directory)/big.m4a", limitBytes: 1000)
            Issue.record("a copy over the limit should fail")
        } catch {
            #expect(error.code == "source_too_large" && error.message.contains("faststart"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["call.m4a"])
    }

    @Test func anHTTPSServerWithAnUntrustedCertificateIsRefusedUnlessTheSourceSaysOtherwise() throws {
        let path = try Fixtures.shared().stereo[.mp3]!
        let url = try FixtureServer.selfSigned().url("range", path)
        do {
            _ = try Probe.probe(MediaSource(url), network: Self.quick)
            Issue.record("a self-signed certificate should be refused")
        } catch {
            #expect(error.code == "certificate_refused", "\(error)")
            #expect(error.message.contains("insecure_tls"))
        }
        // insecure_tls: true on the source: the same server, read and cut.
        let trusting = NetworkPolicy(readTimeoutSeconds: 5, openTimeoutSeconds: 10, verifiesTLS: false)
        let probe = try Probe.probe(MediaSource(url), network: trusting)
        #expect(abs(probe.durationSeconds - Fixtures.toneSeconds) < 0.1)
        let output = try temporaryDirectory("tlscut") + "/part.mp3"
        let cut = try Cutter.cut(MediaSource(url), start: 1, end: 2, to: .file(output), network: trusting)
        #expect(abs(cut.durationSeconds - 1) < 0.05)
    }

    @Test(arguments: [("loop", "redirect_loop", "redirects in a loop"), ("html", "not_media", "web page")])
    func aURLThatIsNotARecordingSaysWhatItIs(route: String, code: String, says: String) throws {
        let url = try FixtureServer.shared().url(route, try Fixtures.shared().stereo[.mp3]!)
        do {
            _ = try Probe.probe(MediaSource(url), network: Self.quick)
            Issue.record("\(route) should fail")
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(error.message.contains(says) && error.message.contains(url))
        }
    }

    @Test func aCutReadsOnlyWhatItNeedsFromAURL() throws {
        let path = try Fixtures.shared().stereo[.mp3]!
        let url = try FixtureServer.shared().url("range", path)
        let output = try temporaryDirectory("urlcut") + "/part.mp3"
        let result = try Cutter.cut(MediaSource(url), start: 4, end: 6, to: .file(output))
        #expect(abs(result.durationSeconds - 2) < 0.03)
        #expect(try Tool.packetHashes(output).count == result.packets)
    }

    @Test(arguments: [400, 401, 403, 404, 410, 429, 500, 503])
    func httpErrorsCarryTheirStatus(status: Int) throws {
        let url = try FixtureServer.shared().url("status/\(status)")
        do {
            _ = try Probe.probe(MediaSource(url), network: Self.quick)
            Issue.record("HTTP \(status) should fail")
        } catch {
            #expect(error.code == "source_unreachable")
            #expect(error.details["http_status"] == String(status), "\(error)")
            #expect(error.message.contains("HTTP \(status)"))
        }
    }

    @Test func aClosedPortIsUnreachable() throws {
        // Bind a port, then close it: nothing listens there.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, length)
                _ = getsockname(fd, $0, &length)
            }
        }
        close(fd)
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/x.mp3"
        do {
            _ = try Probe.probe(MediaSource(url), network: Self.quick)
            Issue.record("should fail")
        } catch {
            #expect(error.code == "source_unreachable")
            // What the network said, not a bare "Input/output error".
            #expect(error.message.contains("Connection refused"), "\(error.message)")
            #expect(error.details["http_status"] == nil)
        }
    }

    @Test func httpsToAPlainHTTPServerSaysWhatTheTLSLayerSaw() throws {
        let url = try FixtureServer.shared().url("range", try Fixtures.shared().stereo[.mp3]!).replacingOccurrences(
            of: "http:", with: "https:")
        do {
            _ = try Probe.probe(MediaSource(url), network: Self.quick)
            Issue.record("should fail")
        } catch {
            #expect(
                error.code == "source_unreachable" && error.message.contains("TLS") && !error.message.contains(".."),
                "\(error.message)")
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        let url = try FixtureServer.shared().url("hang")
        let started = Date()
        do {
            _ = try Probe.probe(MediaSource(url), network: Self.quick)
            Issue.record("should time out")
        } catch {
            #expect(error.code == "source_unreachable")
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aBodyCutShortOfItsContentLengthIsSaidSo() throws {
        // The server announces the whole file, sends half, and closes the connection.
        let m4a = try FixtureServer.shared().url("short", try Fixtures.shared().stereo[.m4a]!)
        let mp3 = try FixtureServer.shared().url("short", try Fixtures.shared().stereo[.mp3]!)
        func expectCut(_ work: () throws -> Void) {
            do {
                try work()
                Issue.record("a body cut in half should fail")
            } catch let error as MediaError {
                #expect(error.code == "source_cut" && error.message.contains("--retry-failed"), "\(error)")
                let received = Int64(error.details["received_bytes"] ?? "") ?? 0
                let expected = Int64(error.details["expected_bytes"] ?? "") ?? 0
                #expect(received > 0 && received < expected, "\(error.details)")
            } catch {
                Issue.record("\(error)")
            }
        }
        // An M4A's index is at the end: the probe is where it fails.
        expectCut { _ = try Probe.probe(MediaSource(m4a)) }
        // An MP3 probes (its length estimated from the announced size), then stops halfway.
        expectCut { _ = try DecodeTests.decodeAll(mp3, DecodeOptions(network: Self.quick)) }
        // A copy made to read a file in place stops the same way, and leaves nothing behind.
        let directory = try temporaryDirectory("cut")
        expectCut { try Spool.copy(MediaSource(m4a), to: "\(directory)/call.m4a") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func aStreamThatStallsMidwayFailsInsteadOfHanging() throws {
        let path = try Fixtures.shared().speech[.wav]!
        let url = try FixtureServer.shared().url("stall", path)
        let started = Date()
        do {
            _ = try DecodeTests.decodeAll(url, DecodeOptions(network: Self.quick))
            Issue.record("should fail")
        } catch let error as MediaError {
            #expect(error.code == "source_unreachable", "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
