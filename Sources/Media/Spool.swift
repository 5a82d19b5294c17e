import CFFmpeg
import Foundation

/// A local copy of an http(s) recording that cannot be read where it is: an MP4/M4A/MOV keeps its
/// index wherever its muxer put it (after the audio, by FFmpeg's default), so reading it means
/// jumping back, which a server that ignores Range requests does not allow. Such a source is
/// probed fine (libavformat reads forward to the index), then fails on its first audio packet;
/// a copy on disk reads like any file.
public enum Spool {
    /// The most a copy may take unless the caller says otherwise: 2 GiB, about 70 hours of 64 kb/s audio.
    public static let defaultLimitBytes: Int64 = 2 << 30

    /// Whether the probed source must be read from a local copy: remote, without seeking, in a
    /// container that is read out of order.
    public static func isNeeded(_ probe: ProbeResult, source: MediaSource) -> Bool {
        source.isRemote && !probe.seekable && probe.formatName.split(separator: ",").contains("mov")
    }

    /// `source` as it can be read: itself, or, when `isNeeded`, a copy named `name` in `directory`
    /// (made if missing), which the caller removes when done; with the probe of a remote source
    /// (a local one is not probed here).
    public static func readable(
        _ source: MediaSource, directory: String, name: String, limitBytes: Int64 = defaultLimitBytes,
        network: NetworkPolicy = .default
    ) throws(MediaError) -> (source: MediaSource, copy: String?, probe: ProbeResult?) {
        guard source.isRemote else { return (source, nil, nil) }
        let probe = try Probe.probe(source, network: network)
        guard isNeeded(probe, source: source) else { return (source, nil, probe) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: directory, reason: error.localizedDescription)
        }
        let path = (directory as NSString).appendingPathComponent("\(name).\(probe.container)")
        try copy(source, to: path, limitBytes: limitBytes, network: network)
        return (MediaSource(path), path, probe)
    }

    /// Downloads `source` to `path` (through a temporary name beside it, so `path` is whole or
    /// absent) with the same timeouts as a read. More than `limitBytes` fails with `sourceTooLarge`.
    public static func copy(
        _ source: MediaSource, to path: String, limitBytes: Int64 = defaultLimitBytes, network: NetworkPolicy = .default
    ) throws(MediaError) {
        let partial = path + ".part"
        let interrupt = InterruptDeadline(seconds: network.openTimeoutSeconds)
        var callback = interrupt.callback
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        for (key, value) in network.options(reconnect: false) { av_dict_set(&options, key, value, 0) }
        var input: UnsafeMutablePointer<AVIOContext>?
        let log = FFmpegLog.Collector()
        let opened = FFmpegLog.capturing(into: log) {
            avio_open2(&input, source.ffmpegURL, AVIO_FLAG_READ, &callback, &options)
        }
        guard opened >= 0, let input else {
            if let line = Demuxer.certificateComplaint(log.lines) {
                throw .certificateRefused(url: source.description, reason: line)
            }
            throw .sourceUnreachable(
                url: source.description, httpStatus: nil, reason: log.lines.last ?? ffmpegErrorString(opened))
        }
        defer {
            var closing: UnsafeMutablePointer<AVIOContext>? = input
            avio_closep(&closing)
        }
        interrupt.disarm()

        guard FileManager.default.createFile(atPath: partial, contents: nil),
            let output = FileHandle(forWritingAtPath: partial)
        else {
            throw .writeFailed(path: partial, reason: "the folder is missing or not writable")
        }
        var kept = false
        defer {
            try? output.close()
            if !kept { try? FileManager.default.removeItem(atPath: partial) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total: Int64 = 0
        while true {
            let read = FFmpegLog.capturing(into: log) {
                buffer.withUnsafeMutableBufferPointer { avio_read(input, $0.baseAddress, Int32($0.count)) }
            }
            if read == CS_AVERROR_EOF || read == 0 { break }
            guard read > 0 else {
                if let (received, expected) = shortfall(input) {
                    throw .sourceCut(url: source.description, receivedBytes: received, expectedBytes: expected)
                }
                throw .sourceUnreachable(
                    url: source.description, httpStatus: nil,
                    reason: "the download stopped after \(total) bytes: \(log.lines.last ?? ffmpegErrorString(read))")
            }
            total += Int64(read)
            if total > limitBytes {
                throw .sourceTooLarge(url: source.description, limitBytes: limitBytes)
            }
            do { try output.write(contentsOf: buffer[0..<Int(read)]) } catch {
                throw .writeFailed(path: partial, reason: error.localizedDescription)
            }
        }
        guard total > 0 else {
            throw .sourceUnreachable(url: source.description, httpStatus: nil, reason: "the server sent no bytes")
        }
        if let (received, expected) = shortfall(input) {
            throw .sourceCut(url: source.description, receivedBytes: received, expectedBytes: expected)
        }
        do {
            try output.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
        kept = true
    }
}
