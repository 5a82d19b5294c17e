import CFFmpeg

/// What the last packets of a stream say: where the audio really ends, and whether the last frame is whole.
struct TailScan {
    var endSeconds: Double
    var lastFrameIncomplete: Bool
}

extension Demuxer {
    /// Packets kept from the end to decode: a frame may lean on the previous one (the MP3 bit reservoir).
    private static let tailPackets = 4
    private static let tailBytes: Int64 = 256 * 1024

    /// Finds where the audio really ends by reading the last packets, trying the cheapest way first:
    /// a timestamp seek just before the declared end, then a byte seek near the end of the file, then
    /// (only for files that allow neither, e.g. a truncated raw stream) a read from the start.
    /// Leaves the read position at the end: callers that go on reading must seek first.
    func scanTail(declaredEnd: Double?) throws(MediaError) -> TailScan? {
        let streamTimeBase = timeBase
        var attempts: [() -> Int32] = []
        if let declaredEnd {
            let target = av_rescale_q(
                Int64(max(0, declaredEnd - 3) * 1_000_000), AVRational(num: 1, den: 1_000_000), streamTimeBase)
            attempts.append { av_seek_frame(self.formatContext, self.audioStreamIndex, target, AVSEEK_FLAG_BACKWARD) }
        }
        if formatContext.pointee.iformat.pointee.flags & AVFMT_NO_BYTE_SEEK == 0, let size = sizeBytes {
            attempts.append { av_seek_frame(self.formatContext, -1, max(0, size - Self.tailBytes), AVSEEK_FLAG_BYTE) }
        }
        attempts.append {
            av_seek_frame(self.formatContext, self.audioStreamIndex, self.originTimestamp, AVSEEK_FLAG_BACKWARD)
        }
        for seek in attempts where seek() >= 0 {
            if let scan = try readToEnd() { return scan }
        }
        return nil
    }

    private func readToEnd() throws(MediaError) -> TailScan? {
        let packet = Packet()
        var kept: [Packet] = []
        var end: Int64?
        reading: while true {
            switch readAudioPacket(into: packet) {
            case .packet: break
            case .end, .failed: break reading
            case .stalled:
                throw .readStalled(source: source.description, afterSeconds: nil, limitSeconds: readLimitSeconds)
            }
            let timestamp = packet.timestamp
            guard timestamp != CS_AV_NOPTS_VALUE else { continue }
            end = max(end ?? .min, timestamp + max(0, packet.pointer.pointee.duration))
            kept.append(Packet(referencing: packet))
            if kept.count > Self.tailPackets { kept.removeFirst() }
        }
        guard let end else { return nil }
        var incomplete = lastPacketFailsToDecode(kept)
        if let last = kept.last, codecParameters.pointee.codec_id == AV_CODEC_ID_MP3 {
            incomplete = incomplete || IncompleteEnding.isShortMPEGAudioFrame(last)
        }
        if String(cString: formatContext.pointee.iformat.pointee.name) == "ogg", let pb = formatContext.pointee.pb,
            let size = sizeBytes
        {
            incomplete = incomplete || IncompleteEnding.endsInPartialOggPage(pb, size: size)
        }
        return TailScan(endSeconds: seconds(end), lastFrameIncomplete: incomplete)
    }

    /// A file cut off mid-frame ends in a packet the decoder rejects, while the packets before it decode.
    private func lastPacketFailsToDecode(_ packets: [Packet]) -> Bool {
        guard packets.count >= 2, let decoder = try? CodecDecoder(for: self) else { return false }
        var earlierDecoded = false
        for packet in packets.dropLast() {
            var frames = 0
            if decoder.decode(packet, { _ in frames += 1 }) >= 0, frames > 0 { earlierDecoded = true }
        }
        guard earlierDecoded, let last = packets.last else { return false }
        var frames = 0
        let status = decoder.decode(last) { _ in frames += 1 }
        return status < 0
    }
}
