import CFFmpeg

/// Owns one `AVPacket`; freed with the object.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        pointer = av_packet_alloc()
    }

    /// A new reference to the same data (no copy of the payload).
    init(referencing other: Packet) {
        pointer = av_packet_alloc()
        av_packet_ref(pointer, other.pointer)
    }

    deinit {
        var doomed: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&doomed)
    }

    /// Presentation time when the container gives one, else the decode time.
    var timestamp: Int64 {
        pointer.pointee.pts != CS_AV_NOPTS_VALUE ? pointer.pointee.pts : pointer.pointee.dts
    }
}

enum PacketRead {
    case packet
    case end
    case failed(Int32)
    /// No packet within the read limit: a file padded with zeros past its audio, a hung mount.
    case stalled
}

extension Demuxer {
    /// Reads the next packet of the audio stream, skipping the other streams' packets.
    func readAudioPacket(into packet: Packet) -> PacketRead {
        // FFmpeg checks the deadline on every read, local files too; a demuxer that gives up
        // when interrupted may say "end of file", so the deadline decides, not the status.
        interrupt.arm(seconds: readLimitSeconds)
        defer { interrupt.disarm() }
        while true {
            av_packet_unref(packet.pointer)
            let status = av_read_frame(formatContext, packet.pointer)
            if status < 0, interrupt.expired { return .stalled }
            if status == CS_AVERROR_EOF { return .end }
            if status < 0 { return .failed(status) }
            if packet.pointer.pointee.stream_index == audioStreamIndex { return .packet }
        }
    }
}
