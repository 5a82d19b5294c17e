import CFFmpeg

/// Two truncations FFmpeg passes over in silence, found from the bytes themselves.
///
/// - MP3 without a Xing/Info header: the demuxer hands the cut-off last frame to the decoder as a
///   short packet, which decodes without complaint. Its 4-byte header still says how long it should be.
/// - Ogg: the demuxer drops a cut-off last page. The page header (RFC 3533) says how long it should be.
enum IncompleteEnding {
    /// Length in bytes of the MPEG audio frame whose header starts `bytes`, or nil if it is not one.
    static func mpegAudioFrameLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        let header = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        guard header & 0xFFE0_0000 == 0xFFE0_0000 else { return nil }
        let version = (header >> 19) & 3  // 0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1
        let layer = (header >> 17) & 3  // 1: III, 2: II, 3: I
        let bitrateIndex = Int((header >> 12) & 0xF)
        let rateIndex = Int((header >> 10) & 3)
        let padding = Int((header >> 9) & 1)
        guard version != 1, layer != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        let mpeg1 = version == 3
        let kbps: [Int] =
            switch (mpeg1, layer) {
            case (true, 3): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448]
            case (true, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384]
            case (true, _): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
            case (false, 3): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256]
            case (false, _): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
            }
        let baseRates = [44100, 48000, 32000]
        let sampleRate = baseRates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2)
        let bitRate = kbps[bitrateIndex] * 1000
        switch layer {
        case 3: return (12 * bitRate / sampleRate + padding) * 4
        case 1 where !mpeg1: return 72 * bitRate / sampleRate + padding
        default: return 144 * bitRate / sampleRate + padding
        }
    }

    /// True when the last packet is an MPEG audio frame shorter than its own header announces.
    static func isShortMPEGAudioFrame(_ packet: Packet) -> Bool {
        let size = Int(packet.pointer.pointee.size)
        guard let data = packet.pointer.pointee.data, size >= 4 else { return false }
        guard let length = mpegAudioFrameLength(UnsafeRawBufferPointer(start: data, count: size)) else { return false }
        return size < length
    }

    /// True when the last Ogg page in the final 64 KiB of `pb` runs past the end of the file.
    static func endsInPartialOggPage(_ pb: UnsafeMutablePointer<AVIOContext>, size: Int64) -> Bool {
        let window = Int(min(size, 65_536 + 282))
        guard window > 27, avio_seek(pb, size - Int64(window), SEEK_SET) >= 0 else { return false }
        var bytes = [UInt8](repeating: 0, count: window)
        guard avio_read(pb, &bytes, Int32(window)) == Int32(window) else { return false }
        var index = window - 4
        while index >= 0 {
            if bytes[index] == 0x4F, bytes[index + 1] == 0x67, bytes[index + 2] == 0x67, bytes[index + 3] == 0x53 {
                // "OggS", version 0, then 27 bytes of header, a segment table, and the segments.
                guard index + 27 <= window else { return true }
                let segments = Int(bytes[index + 26])
                guard index + 27 + segments <= window else { return true }
                let body = bytes[(index + 27)..<(index + 27 + segments)].reduce(0) { $0 + Int($1) }
                return index + 27 + segments + body > window
            }
            index -= 1
        }
        return false
    }
}
