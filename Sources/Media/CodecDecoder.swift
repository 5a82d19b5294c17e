import CFFmpeg

/// Owns the `AVCodecContext` that turns the audio stream's packets into frames.
final class CodecDecoder {
    private(set) var context: UnsafeMutablePointer<AVCodecContext>?
    let frame: UnsafeMutablePointer<AVFrame>

    init(for demuxer: Demuxer) throws(MediaError) {
        let parameters = demuxer.codecParameters
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw .unsupportedFormat(
                source: demuxer.source.description,
                reason:
                    "no decoder for its audio codec \(String(cString: avcodec_get_name(parameters.pointee.codec_id)))")
        }
        context = avcodec_alloc_context3(codec)
        frame = av_frame_alloc()
        guard let context, avcodec_parameters_to_context(context, parameters) >= 0 else {
            throw .corruptMedia(source: demuxer.source.description, reason: "its audio stream parameters are invalid")
        }
        context.pointee.pkt_timebase = demuxer.timeBase
        let opened = avcodec_open2(context, codec, nil)
        guard opened >= 0 else {
            throw .corruptMedia(
                source: demuxer.source.description,
                reason: "the audio decoder refused the stream: \(ffmpegErrorString(opened))")
        }
    }

    deinit {
        var doomed: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&doomed)
        avcodec_free_context(&context)
    }

    /// Sends one packet (or `nil` to drain) and hands every frame it yields to `body`.
    /// Returns FFmpeg's status for the packet: negative when the packet could not be decoded.
    @discardableResult
    func decode(_ packet: Packet?, _ body: (UnsafeMutablePointer<AVFrame>) -> Void) -> Int32 {
        let sent = avcodec_send_packet(context, packet?.pointer)
        if sent < 0, sent != CS_AVERROR_EOF { return sent }
        while true {
            let received = avcodec_receive_frame(context, frame)
            if received == CS_AVERROR_EAGAIN || received == CS_AVERROR_EOF { return 0 }
            if received < 0 { return received }
            body(frame)
            av_frame_unref(frame)
        }
    }

    /// Forgets buffered state after a seek.
    func flush() {
        avcodec_flush_buffers(context)
    }
}
