import CFFmpeg
import Foundation
import Synchronization

/// Routes FFmpeg's log output into the operation that caused it, instead of stderr.
///
/// FFmpeg logs through one process-wide callback, called synchronously on the thread doing the work.
/// Each media operation runs on one thread, so a thread-local collector attributes every line to
/// the right file even when several files are processed at once. The lines end up in warnings and
/// error details ("moov atom not found", "HTTP error 404 Not Found").
enum FFmpegLog {
    /// Lines kept per operation; FFmpeg can repeat a warning per packet on a broken file.
    static let maxLines = 64

    final class Collector {
        var lines: [String] = []
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private static let installed: Bool = {
        av_log_set_level(AV_LOG_WARNING)
        av_log_set_callback { avcl, level, format, arguments in
            guard level <= AV_LOG_WARNING, let format, let arguments, let raw = pthread_getspecific(FFmpegLog.key)
            else { return }
            let collector = Unmanaged<Collector>.fromOpaque(raw).takeUnretainedValue()
            guard collector.lines.count < FFmpegLog.maxLines else { return }
            var buffer = [CChar](repeating: 0, count: 1024)
            var printPrefix: Int32 = 0
            av_log_format_line2(avcl, level, format, arguments, &buffer, Int32(buffer.count), &printPrefix)
            let line = string(fromCBuffer: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty { collector.lines.append(line) }
        }
        return true
    }()

    /// Runs `body` with FFmpeg's messages on this thread collected into `collector`.
    static func capturing<T, E: Error>(into collector: Collector, _ body: () throws(E) -> T) throws(E) -> T {
        _ = installed
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(collector).toOpaque())
        defer { pthread_setspecific(key, previous) }
        return try body()
    }
}

/// FFmpeg's text for an error code.
func ffmpegErrorString(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard av_strerror(code, &buffer, buffer.count) == 0 else { return "FFmpeg error \(code)" }
    return string(fromCBuffer: buffer)
}

/// The text in a NUL-terminated buffer FFmpeg filled in.
func string(fromCBuffer buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
