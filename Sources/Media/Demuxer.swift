import CFFmpeg
import Foundation

/// Owns one opened `AVFormatContext` and its chosen audio stream.
///
/// Not `Sendable` and never shared: FFmpeg contexts are not thread-safe, so each probe, decode or cut
/// opens its own. Every FFmpeg call made through it runs inside `FFmpegLog.capturing`, so what FFmpeg
/// says about this source lands in `log`.
final class Demuxer {
    let source: MediaSource
    private(set) var context: UnsafeMutablePointer<AVFormatContext>?
    /// A remote source's connection, opened by callsift rather than by libavformat so that, when
    /// the body ends early, what was received can still be compared with what was announced.
    private var connection: UnsafeMutablePointer<AVIOContext>?
    let audioStreamIndex: Int32
    let log = FFmpegLog.Collector()
    /// Bounds opening (`NetworkPolicy.openTimeoutSeconds`) and then every packet read
    /// (`readLimitSeconds`), for files as well as URLs.
    let interrupt: InterruptDeadline
    let readLimitSeconds: Double

    var formatContext: UnsafeMutablePointer<AVFormatContext> { context! }
    var audioStream: UnsafeMutablePointer<AVStream> { formatContext.pointee.streams[Int(audioStreamIndex)]! }
    var codecParameters: UnsafeMutablePointer<AVCodecParameters> { audioStream.pointee.codecpar }
    var timeBase: AVRational { audioStream.pointee.time_base }

    init(source: MediaSource, network: NetworkPolicy) throws(MediaError) {
        try source.preflight()
        self.source = source
        let interrupt = InterruptDeadline(seconds: network.openTimeoutSeconds)
        self.interrupt = interrupt
        readLimitSeconds = network.readTimeoutSeconds
        let log = self.log
        let opened = try FFmpegLog.capturing(into: log) { () throws(MediaError) in
            try Demuxer.open(source: source, network: network, interrupt: interrupt, log: log)
        }
        context = opened.context
        connection = opened.connection
        do {
            audioStreamIndex = try FFmpegLog.capturing(into: log) { () throws(MediaError) in
                try Demuxer.findAudioStream(opened.context, source: source)
            }
        } catch {
            avformat_close_input(&context)
            avio_closep(&connection)
            throw error
        }
        // A file FFmpeg could not finish analysing in time (a URL's open failed above instead).
        if interrupt.expired {
            avformat_close_input(&context)
            avio_closep(&connection)
            throw .readStalled(source: source.description, afterSeconds: nil, limitSeconds: interrupt.seconds)
        }
        interrupt.disarm()
    }

    deinit {
        avformat_close_input(&context)  // leaves `connection` open (AVFMT_FLAG_CUSTOM_IO)
        avio_closep(&connection)
    }

    /// Bytes received and announced (Content-Length) when a remote body ended before its announced
    /// length: the connection was cut, the recording is not broken.
    var bodyShortfall: (received: Int64, expected: Int64)? { shortfall(connection) }

    /// Runs FFmpeg calls with this source's log collector attached.
    func withLog<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try FFmpegLog.capturing(into: log, body)
    }

    /// Seconds for a timestamp of the audio stream.
    func seconds(_ timestamp: Int64) -> Double {
        Double(timestamp) * av_q2d(timeBase)
    }

    /// Timestamp (in the audio stream's time base) of the instant players call 0. A positive start
    /// (an MP3 encoder's priming, a capture that began mid-stream) is kept; a negative one is a
    /// codec's pre-roll (Opus pre-skip in WebM), which is never heard, so 0 it is.
    var originTimestamp: Int64 {
        let start = audioStream.pointee.start_time
        return start == CS_AV_NOPTS_VALUE ? 0 : max(0, start)
    }

    var startSeconds: Double { seconds(originTimestamp) }

    var isSeekable: Bool {
        guard let pb = formatContext.pointee.pb else { return false }
        return pb.pointee.seekable & AVIO_SEEKABLE_NORMAL != 0
    }

    /// Byte size of the source, when known (a URL without Content-Length has none).
    var sizeBytes: Int64? {
        guard let pb = formatContext.pointee.pb else { return nil }
        let size = avio_size(pb)
        return size >= 0 ? size : nil
    }

    private static func open(
        source: MediaSource, network: NetworkPolicy, interrupt: InterruptDeadline, log: FFmpegLog.Collector
    ) throws(MediaError) -> (
        context: UnsafeMutablePointer<AVFormatContext>, connection: UnsafeMutablePointer<AVIOContext>?
    ) {
        var context = avformat_alloc_context()
        context?.pointee.interrupt_callback = interrupt.callback
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        var connection: UnsafeMutablePointer<AVIOContext>?
        if source.isRemote, let allocated = context {
            for (key, value) in network.options(reconnect: true) { av_dict_set(&options, key, value, 0) }
            var callback = interrupt.callback
            let status = avio_open2(&connection, source.ffmpegURL, AVIO_FLAG_READ, &callback, &options)
            guard status >= 0 else {
                avformat_free_context(allocated)
                throw openError(
                    status, source: source, network: network, interrupt: interrupt, log: log, connection: nil)
            }
            allocated.pointee.pb = connection
            allocated.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        }
        let status = avformat_open_input(&context, source.ffmpegURL, nil, &options)
        guard status >= 0, let context else {
            defer { avio_closep(&connection) }
            throw openError(
                status, source: source, network: network, interrupt: interrupt, log: log, connection: connection)
        }
        let found = avformat_find_stream_info(context, nil)
        if found < 0 {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            defer { avio_closep(&connection) }
            throw openError(
                found, source: source, network: network, interrupt: interrupt, log: log, connection: connection)
        }
        return (context, connection)
    }

    private static func findAudioStream(
        _ context: UnsafeMutablePointer<AVFormatContext>, source: MediaSource
    ) throws(MediaError) -> Int32 {
        let index = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        if index >= 0 { return index }
        if source.looksLikeText() {
            throw .unsupportedFormat(source: source.description, reason: "it is a text file")
        }
        var kinds: [String] = []
        var (audio, video) = (false, false)
        for i in 0..<Int(context.pointee.nb_streams) {
            guard let parameters = context.pointee.streams[i]?.pointee.codecpar else { continue }
            let type = av_get_media_type_string(parameters.pointee.codec_type).map { String(cString: $0) } ?? "unknown"
            audio = audio || parameters.pointee.codec_type == AVMEDIA_TYPE_AUDIO
            video = video || parameters.pointee.codec_type == AVMEDIA_TYPE_VIDEO
            kinds.append("\(type) (\(String(cString: avcodec_get_name(parameters.pointee.codec_id))))")
        }
        // An "audio stream" FFmpeg could not describe (no sample rate, no channels): bytes that only
        // looked like a format for a moment, such as random data taken for MP3 frames.
        if audio {
            throw .corruptMedia(
                source: source.description,
                reason:
                    "what looked like \(kinds.joined(separator: ", ")) holds no decodable audio (no sample rate or channels)"
            )
        }
        // Neither sound nor picture: not a recording at all (random bytes FFmpeg read as subtitles).
        if !video, !kinds.isEmpty {
            throw .unsupportedFormat(
                source: source.description,
                reason: "it holds no audio or video (FFmpeg can only read it as \(kinds.joined(separator: ", ")))")
        }
        throw .noAudioStream(source: source.description, streams: kinds)
    }

    /// Turns an FFmpeg open failure into the error a person can act on.
    private static func openError(
        _ status: Int32, source: MediaSource, network: NetworkPolicy, interrupt: InterruptDeadline,
        log: FFmpegLog.Collector,
        connection: UnsafeMutablePointer<AVIOContext>?
    ) -> MediaError {
        let said = log.lines.last ?? ffmpegErrorString(status)
        switch source.location {
        case .file(let path):
            switch status {
            case -ENOENT: return .notFound(path: path)
            case -EACCES, -EPERM: return .permissionDenied(path: path)
            default:
                if source.looksLikeText() {
                    return .unsupportedFormat(source: path, reason: "it is a text file")
                }
                if status == CS_AVERROR_INVALIDDATA, log.lines.isEmpty {
                    return .corruptMedia(source: path, reason: "no known audio or video container was recognized")
                }
                return .corruptMedia(source: path, reason: said)
            }
        case .url(let url):
            if let httpStatus = httpStatus(status: status, log: log.lines) {
                return .sourceUnreachable(url: url, httpStatus: httpStatus, reason: httpReason(status, log: log.lines))
            }
            if status == CS_AVERROR_EXIT || interrupt.expired {
                return .sourceUnreachable(
                    url: url, httpStatus: nil, reason: "no answer within \(Int(interrupt.seconds)) s")
            }
            if let line = certificateComplaint(log.lines) { return .certificateRefused(url: url, reason: line) }
            // An index at the end (M4A) never arrived: the body stopped short of its Content-Length.
            if let (received, expected) = shortfall(connection) {
                return .sourceCut(url: url, receivedBytes: received, expectedBytes: expected)
            }
            if !interrupt.expired, let explained = URLCheck.explain(url, network: network) { return explained }
            if status == CS_AVERROR_INVALIDDATA {
                return .corruptMedia(source: url, reason: "the server's answer is not a recognizable media file")
            }
            if status == -ETIMEDOUT {
                return .sourceUnreachable(url: url, httpStatus: nil, reason: "the connection timed out")
            }
            // What the network layer said ("Failed to resolve hostname …", "An unexpected TLS packet
            // was received") says more than the bare status ("Input/output error").
            return .sourceUnreachable(
                url: url, httpStatus: nil,
                reason: log.lines.last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
                    ?? ffmpegErrorString(status))
        }
    }

    /// The TLS library's complaint about the server's certificate, when it made one.
    static func certificateComplaint(_ lines: [String]) -> String? {
        lines.last { line in
            let lower = line.lowercased()
            return lower.contains("certificate") || lower.contains("not trusted")
                || lower.contains("verification failed")
        }
    }

    /// FFmpeg names four HTTP codes in its error; the exact one is in its log line "HTTP error 410 Gone".
    private static func httpStatus(status: Int32, log: [String]) -> Int? {
        for line in log.reversed() {
            if let range = line.range(of: "HTTP error ") {
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                if let code = Int(digits) { return code }
            }
        }
        switch status {
        case CS_AVERROR_HTTP_BAD_REQUEST: return 400
        case CS_AVERROR_HTTP_UNAUTHORIZED: return 401
        case CS_AVERROR_HTTP_FORBIDDEN: return 403
        case CS_AVERROR_HTTP_NOT_FOUND: return 404
        default: return nil
        }
    }

    private static func httpReason(_ status: Int32, log: [String]) -> String {
        if let line = log.last(where: { $0.contains("HTTP error ") }),
            let range = line.range(of: "HTTP error ")
        {
            let rest = line[range.upperBound...].drop { $0.isNumber }.trimmingCharacters(in: .whitespaces)
            if !rest.isEmpty { return rest }
        }
        return ffmpegErrorString(status)
    }
}

/// The interrupt callback FFmpeg polls during blocking I/O: past the deadline it aborts the call,
/// which is what turns a server that accepts but never answers into an error instead of a hang.
final class InterruptDeadline: @unchecked Sendable {
    // @unchecked: `deadline` is written only by the thread that owns the demuxer, between FFmpeg calls,
    // and read by FFmpeg on that same thread.
    private var deadline: UInt64
    let seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
        deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1_000_000_000)
    }

    var expired: Bool { DispatchTime.now().uptimeNanoseconds > deadline }

    /// Between reads nothing is bounded: a long recording may be read for hours.
    func disarm() { deadline = .max }

    /// Bounds what FFmpeg does next (one packet read) to `seconds` from now.
    func arm(seconds: Double) { deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1_000_000_000) }

    var callback: AVIOInterruptCB {
        AVIOInterruptCB(
            callback: { opaque in
                guard let opaque else { return 0 }
                return Unmanaged<InterruptDeadline>.fromOpaque(opaque).takeUnretainedValue().expired ? 1 : 0
            },
            opaque: Unmanaged.passUnretained(self).toOpaque())
    }
}

/// Bytes received and announced (Content-Length) when a connection's body ended before its
/// announced length; nil while it has not, or when no length was announced.
func shortfall(_ connection: UnsafeMutablePointer<AVIOContext>?) -> (received: Int64, expected: Int64)? {
    guard let connection else { return nil }
    let expected = avio_size(connection)
    let received = connection.pointee.pos
    return expected > 0 && received < expected ? (received, expected) : nil
}
