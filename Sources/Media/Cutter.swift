import CFFmpeg
import Foundation

/// Copies `[start, end)` of a recording into a new file without re-encoding.
public enum Cutter {
    /// Where a cut goes.
    public enum Destination: Sendable, Equatable {
        /// Exactly this path; its extension picks the container, which must take the codec as is.
        case file(String)
        /// `directory/basename.<ext>`, with the container (and so the extension) chosen from the source.
        case automatic(directory: String, basename: String)
    }

    /// Cuts by stream copy. The first packet copied is the one playing at `start` (so the cut begins
    /// at or just before it, on a packet boundary); packets follow while their midpoint lies within
    /// the requested length, so the result's duration is within half a packet of `end - start`.
    /// `end` past the end of the recording is clamped. The file appears only when complete (written
    /// to a temporary name in the same directory, then renamed).
    public static func cut(
        _ source: MediaSource, start: Double, end: Double, to destination: Destination,
        network: NetworkPolicy = .default
    ) throws(MediaError) -> CutResult {
        guard start >= 0, end > start, start.isFinite, end.isFinite else {
            throw .invalidRange(
                source: source.description, reason: "need 0 ≤ start < end, got start \(start), end \(end)")
        }
        let demuxer = try Demuxer(source: source, network: network)
        return try demuxer.withLog { () throws(MediaError) in
            try demuxer.cut(start: start, end: end, to: destination)
        }
    }
}

extension Demuxer {
    fileprivate func cut(start: Double, end: Double, to destination: Cutter.Destination) throws(MediaError) -> CutResult
    {
        let codec = codecParameters.pointee.codec_id
        let (container, fallback, path) = try chooseOutput(destination, codec: codec)
        let streamTimeBase = timeBase
        let micro = AVRational(num: 1, den: 1_000_000)
        let origin = originTimestamp
        let startTimestamp = origin + av_rescale_q(Int64(start * 1_000_000), micro, streamTimeBase)
        let requestedLength = av_rescale_q(Int64((end - start) * 1_000_000), micro, streamTimeBase)
        if av_seek_frame(formatContext, audioStreamIndex, startTimestamp, AVSEEK_FLAG_BACKWARD) < 0 {
            // Not seekable (or no index): read from the top and skip what comes before the start.
            _ = av_seek_frame(formatContext, audioStreamIndex, origin, AVSEEK_FLAG_BACKWARD)
        }

        let writer = try CutWriter(path: path, container: container, input: audioStream, sourceName: source.description)
        let packet = Packet()
        var first: Int64?
        var lastEnd: Int64 = 0
        var count = 0
        reading: while true {
            switch readAudioPacket(into: packet) {
            case .end:
                break reading
            case .failed(let status):
                if count == 0 { throw .corruptMedia(source: source.description, reason: ffmpegErrorString(status)) }
                break reading
            case .stalled:
                throw .readStalled(
                    source: source.description, afterSeconds: seconds(lastEnd), limitSeconds: readLimitSeconds)
            case .packet:
                let timestamp = packet.timestamp
                guard timestamp != CS_AV_NOPTS_VALUE else { continue }
                let duration = max(0, packet.pointer.pointee.duration)
                if first == nil {
                    // Before the start: the packet ends before it (or, with no duration, starts before it).
                    if duration > 0 ? timestamp + duration <= startTimestamp : timestamp < startTimestamp { continue }
                    first = timestamp
                }
                guard let first else { continue }
                if timestamp - first + duration / 2 >= requestedLength { break reading }
                guard try writer.write(packet, shiftedBy: first) else { continue }
                lastEnd = max(lastEnd, timestamp + duration)
                count += 1
            }
        }
        guard let first, count > 0 else {
            writer.abandon()
            throw .invalidRange(
                source: source.description, reason: "the recording has no audio at or after \(formatSeconds(start))")
        }
        let size = try writer.finish(
            samples: av_rescale_q(
                lastEnd - first, streamTimeBase, AVRational(num: 1, den: max(1, codecParameters.pointee.sample_rate))))
        return CutResult(
            output: path, container: container.fileExtension,
            audioCodec: String(cString: avcodec_get_name(codec)),
            requestedStartSeconds: start, requestedEndSeconds: end,
            startSeconds: seconds(first - origin), endSeconds: seconds(lastEnd - origin),
            packets: count, sizeBytes: size, fallback: fallback, rejectedPackets: writer.rejectedPackets)
    }

    private func chooseOutput(
        _ destination: Cutter.Destination, codec: AVCodecID
    ) throws(MediaError) -> (OutputContainer, String?, String) {
        let probed = Self.shortContainerName(
            formatName: String(cString: formatContext.pointee.iformat.pointee.name),
            extension: source.pathExtension, hasVideo: false)
        let codecName = String(cString: avcodec_get_name(codec))
        switch destination {
        case .file(let path):
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            guard let container = OutputContainer.forExtension(ext) else {
                throw .writeFailed(path: path, reason: "no container is known for the extension \".\(ext)\"")
            }
            let natural = OutputContainer.natural(forSourceContainer: probed, sourceExtension: source.pathExtension)
            guard container.accepts(codec, provenBySource: container.muxer == natural?.muxer) else {
                let suggestion =
                    OutputContainer.candidates(forSourceContainer: probed, sourceExtension: source.pathExtension)
                    .first { $0.accepts(codec, provenBySource: $0 == natural) }.map { " (use .\($0.fileExtension))" }
                    ?? ""
                throw .writeFailed(
                    path: path, reason: "a .\(ext) file cannot hold \(codecName) audio without re-encoding\(suggestion)"
                )
            }
            return (container, nil, path)
        case .automatic(let directory, let basename):
            let natural = OutputContainer.natural(forSourceContainer: probed, sourceExtension: source.pathExtension)
            let candidates = OutputContainer.candidates(
                forSourceContainer: probed, sourceExtension: source.pathExtension)
            guard let container = candidates.first(where: { $0.accepts(codec, provenBySource: $0 == natural) }) else {
                throw .writeFailed(
                    path: directory, reason: "no container takes \(codecName) audio without re-encoding")
            }
            var fallback: String?
            if container != natural {
                fallback =
                    switch probed {
                    case "aac": "ADTS AAC has no index or duration, so the cut is written as M4A (same AAC packets)"
                    case "mp4", "mov": "only the audio is kept, so the cut is written as .\(container.fileExtension)"
                    default:
                        "a .\(probed) file cannot hold \(codecName) as is, so the cut is written as .\(container.fileExtension)"
                    }
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(basename).\(container.fileExtension)")
                .path
            return (container, fallback, path)
        }
    }
}

/// Owns the output `AVFormatContext` of a cut, written to a temporary file renamed into place on success.
private final class CutWriter {
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private let path: String
    private let temporaryPath: String
    private let inputTimeBase: AVRational
    private var finished = false

    init(path: String, container: OutputContainer, input: UnsafeMutablePointer<AVStream>, sourceName: String)
        throws(MediaError)
    {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath =
            url.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(url.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            ).path
        inputTimeBase = input.pointee.time_base
        guard avformat_alloc_output_context2(&context, nil, container.muxer, temporaryPath) >= 0, let context,
            let stream = avformat_new_stream(context, nil)
        else {
            throw .writeFailed(path: path, reason: "the \(container.muxer) muxer is not available")
        }
        // Bit-exact: no random Matroska segment id, no creation time, no muxer version, so the
        // same cut of the same source is the same bytes (a resumed run rewrites identical files).
        context.pointee.flags |= AVFMT_FLAG_BITEXACT
        avcodec_parameters_copy(stream.pointee.codecpar, input.pointee.codecpar)
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = input.pointee.time_base
        // Encoder priming belongs to the start of the source, not to a cut from its middle.
        stream.pointee.codecpar.pointee.initial_padding = 0
        stream.pointee.codecpar.pointee.trailing_padding = 0
        av_dict_copy(&stream.pointee.metadata, input.pointee.metadata, 0)
        let opened = avio_open(&context.pointee.pb, temporaryPath, AVIO_FLAG_WRITE)
        guard opened >= 0 else {
            throw .writeFailed(path: path, reason: ffmpegErrorString(opened))
        }
        let header = avformat_write_header(context, nil)
        guard header >= 0 else {
            abandon()
            throw .writeFailed(path: path, reason: "the container refused the stream: \(ffmpegErrorString(header))")
        }
    }

    deinit {
        if !finished { abandon() }
        avformat_free_context(context)
    }

    /// Packets the muxer refused as invalid (a damaged source's timestamps or data).
    private(set) var rejectedPackets = 0

    /// Writes one packet; false when the muxer refused it as invalid (EINVAL: timestamps going
    /// backwards, a damaged packet), which leaves it out instead of failing the cut for good. A
    /// failure to write (a full disk) throws.
    func write(_ packet: Packet, shiftedBy offset: Int64) throws(MediaError) -> Bool {
        let p = packet.pointer
        if p.pointee.pts != CS_AV_NOPTS_VALUE { p.pointee.pts -= offset }
        if p.pointee.dts != CS_AV_NOPTS_VALUE { p.pointee.dts -= offset }
        p.pointee.stream_index = 0
        p.pointee.pos = -1
        av_packet_rescale_ts(p, inputTimeBase, context!.pointee.streams[0]!.pointee.time_base)
        let status = av_interleaved_write_frame(context, p)
        if status == -EINVAL {
            rejectedPackets += 1
            return false
        }
        guard status >= 0 else {
            abandon()
            throw .writeFailed(path: path, reason: ffmpegErrorString(status))
        }
        return true
    }

    /// Writes the trailer, closes and renames into place; returns the size in bytes.
    /// `samples` is the cut's length in samples, for containers whose header must state it.
    func finish(samples: Int64) throws(MediaError) -> Int64 {
        let trailer = av_write_trailer(context)
        let closed = avio_closep(&context!.pointee.pb)
        guard trailer >= 0, closed >= 0 else {
            abandon()
            throw .writeFailed(path: path, reason: ffmpegErrorString(trailer < 0 ? trailer : closed))
        }
        if isFLAC { patchFLACStreamInfo(totalSamples: samples) }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            abandon()
            throw .writeFailed(path: path, reason: reason)
        }
        finished = true
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    private var isFLAC: Bool { String(cString: context!.pointee.oformat.pointee.name) == "flac" }

    /// A stream copy keeps the source's STREAMINFO, which states the whole source's sample count and
    /// MD5 (`ffmpeg -c copy` leaves them so, and players then report the source's length). Rewrites
    /// the count with the cut's and zeroes the MD5, which FLAC defines as "not computed".
    /// STREAMINFO follows "fLaC" and its 4-byte block header: the count is its bits 108–143, the MD5
    /// its bytes 18–33.
    private func patchFLACStreamInfo(totalSamples: Int64) {
        guard let handle = FileHandle(forUpdatingAtPath: temporaryPath) else { return }
        defer { try? handle.close() }
        let base: UInt64 = 8
        guard (try? handle.seek(toOffset: base + 13)) != nil,
            let nibble = try? handle.read(upToCount: 1)?.first
        else { return }
        let count = UInt64(max(0, totalSamples)) & 0xF_FFFF_FFFF
        var bytes = [UInt8](repeating: 0, count: 21)
        bytes[0] = (nibble & 0xF0) | UInt8(count >> 32)
        for i in 0..<4 { bytes[1 + i] = UInt8((count >> (24 - 8 * UInt64(i))) & 0xFF) }
        try? handle.seek(toOffset: base + 13)
        try? handle.write(contentsOf: bytes)
    }

    /// Closes and deletes the temporary file: nothing half-written is left behind.
    func abandon() {
        finished = true
        if let context, context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        unlink(temporaryPath)
    }
}
