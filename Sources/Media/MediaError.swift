import Core
import Foundation

/// Everything the media layer can fail with. Each case has a stable `code` (what scripts match on),
/// a `message` a person can act on, and `details` for the specifics (paths, HTTP status, what FFmpeg said).
public enum MediaError: CodedError, Equatable {
    /// The path does not exist.
    case notFound(path: String)
    /// The path exists but this user may not read it.
    case permissionDenied(path: String)
    /// The path is a symbolic link that leads to no file: its target is missing, or it loops.
    case brokenLink(path: String, reason: String)
    /// The path is a directory, not a recording.
    case isDirectory(path: String)
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// The bytes are readable but are not a format callsift decodes (text, an image, a subtitle file...).
    case unsupportedFormat(source: String, reason: String)
    /// The bytes look like media but cannot be parsed (random bytes, a missing index, a broken header).
    case corruptMedia(source: String, reason: String)
    /// The container opened but holds no audio stream (e.g. a silent screen recording).
    case noAudioStream(source: String, streams: [String])
    /// An http(s) source could not be fetched: refused, timed out, or answered with an HTTP error.
    case sourceUnreachable(url: String, httpStatus: Int?, reason: String)
    /// A cut whose range is empty, negative or outside the recording.
    case invalidRange(source: String, reason: String)
    /// The output could not be written (no such directory, disk full, a codec the container refuses).
    case writeFailed(path: String, reason: String)
    /// An http(s) source that redirects in a loop.
    case redirectLoop(url: String)
    /// An http(s) source that answers with a web page instead of a recording.
    case notMedia(url: String, contentType: String)
    /// An https server whose certificate the system does not trust for its name.
    case certificateRefused(url: String, reason: String)
    /// A source that has to be copied to be read (`Spool`) and is larger than the limit allows.
    case sourceTooLarge(url: String, limitBytes: Int64)
    /// An http(s) body that ended before the length its server announced: the connection was cut.
    case sourceCut(url: String, receivedBytes: Int64, expectedBytes: Int64)
    /// Reading made no progress within the limit: a file padded with zeros past its audio, a hung
    /// mount, a server that stopped sending. `afterSeconds`: the audio read until then, when known.
    case readStalled(source: String, afterSeconds: Double?, limitSeconds: Double)

    /// Stable machine-readable code, shared with the rest of callsift's error contract.
    public var code: String {
        switch self {
        case .notFound: "source_not_found"
        case .permissionDenied: "permission_denied"
        case .isDirectory: "is_directory"
        case .brokenLink: "broken_link"
        case .emptyFile: "empty_file"
        case .unsupportedFormat: "unsupported_format"
        case .corruptMedia: "corrupt_media"
        case .noAudioStream: "no_audio_stream"
        case .sourceUnreachable: "source_unreachable"
        case .invalidRange: "invalid_range"
        case .writeFailed: "write_failed"
        case .sourceTooLarge: "source_too_large"
        case .sourceCut: "source_cut"
        case .readStalled: "read_stalled"
        case .certificateRefused: "certificate_refused"
        case .redirectLoop: "redirect_loop"
        case .notMedia: "not_media"
        }
    }

    public var message: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file. Check the path, or the manifest entry that names it."
        case .permissionDenied(let path):
            "\(path): permission denied. Make the file readable by the user running callsift."
        case .brokenLink(let path, let reason):
            "\(path) is a symbolic link that leads to no file: \(reason). Fix or remove the link."
        case .isDirectory(let path):
            "\(path) is a directory, not a recording. Name the files inside it, or list the folder as a manifest source."
        case .emptyFile(let path):
            "\(path) is empty (0 bytes). The upload or copy probably failed; fetch the recording again."
        case .unsupportedFormat(let source, let reason):
            "\(source) is not a supported recording: \(reason). Supported: MP3, WAV, M4A, AAC, OGG, FLAC, OPUS, WEBM, MP4."
        case .corruptMedia(let source, let reason):
            "\(source) cannot be read as media: \(reason). The file may be corrupt or incomplete; fetch it again."
        case .noAudioStream(let source, let streams):
            streams.isEmpty
                ? "\(source) has no audio stream to transcribe."
                : "\(source) has no audio stream to transcribe (it holds: \(streams.joined(separator: ", ")))."
        case .sourceUnreachable(let url, let status, let reason):
            status.map {
                "\(url) answered HTTP \($0) (\(reason)). Check that the URL is right and, for a pre-signed URL, not expired."
            }
                ?? "\(url) is unreachable: \(reason). Check the address and the network from this host."
        case .invalidRange(let source, let reason):
            "\(source): invalid range: \(reason)."
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)."
        case .redirectLoop(let url):
            "\(url) redirects in a loop (too many redirects). Check the link: the storage behind it may have moved or need a fresh signature."
        case .notMedia(let url, let type):
            "\(url) answered with a web page (\(type)), not a recording: a sign-in or error page? Check the link, or make a fresh pre-signed URL."
        case .certificateRefused(let url, let reason):
            "\(url): the server's TLS certificate is not trusted (\(reason)). Fix the server's certificate, or, for a server "
                + "you trust (a self-signed one on your own network), set insecure_tls: true on this source."
        case .sourceTooLarge(let url, let limit):
            "\(url) must be copied to be read (an MP4/M4A whose server ignores Range requests) and is larger than "
                + "\(limit / (1 << 20)) MiB. Serve it with Range support, or with its index first (ffmpeg -movflags +faststart)."
        case .sourceCut(let url, let received, let expected):
            "\(url): the connection closed after \(received) of the \(expected) bytes the server announced, so the recording "
                + "arrived incomplete (the file itself may be fine). Retry it (callsift run --retry-failed); if it keeps "
                + "stopping, check the server or a proxy's size and time limits."
        case .readStalled(let source, let after, let limit):
            "\(source): reading made no progress for \(String(format: "%.0f s", limit))"
                + (after.map { " after \(formatSeconds($0)) of audio" } ?? "")
                + ": FFmpeg kept reading without finding more audio (a file padded with zeros past its audio, a damaged "
                + "file, or a stalled mount or server). Check the file: its size against the length its header gives."
        }
    }

    /// Specifics for logs and error records; keys are stable.
    public var details: [String: String] {
        switch self {
        case .notFound(let path), .permissionDenied(let path), .isDirectory(let path), .emptyFile(let path):
            ["path": path]
        case .unsupportedFormat(let source, let reason), .corruptMedia(let source, let reason),
            .invalidRange(let source, let reason):
            ["source": source, "reason": reason]
        case .noAudioStream(let source, let streams):
            ["source": source, "streams": streams.joined(separator: ", ")]
        case .sourceUnreachable(let url, let status, let reason):
            ["url": url, "reason": reason].merging(status.map { ["http_status": String($0)] } ?? [:]) { a, _ in a }
        case .writeFailed(let path, let reason), .brokenLink(let path, let reason):
            ["path": path, "reason": reason]
        case .sourceTooLarge(let url, let limit):
            ["url": url, "limit_bytes": String(limit)]
        case .sourceCut(let url, let received, let expected):
            ["url": url, "received_bytes": String(received), "expected_bytes": String(expected)]
        case .readStalled(let source, let after, let limit):
            ["source": source, "limit_seconds": String(limit)].merging(
                after.map { ["after_seconds": String(format: "%.3f", $0)] } ?? [:]
            ) { a, _ in a
            }
        case .certificateRefused(let url, let reason):
            ["url": url, "reason": reason]
        case .redirectLoop(let url):
            ["url": url]
        case .notMedia(let url, let type):
            ["url": url, "content_type": type]
        }
    }
}

extension MediaError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { message }
    public var description: String { "\(code): \(message)" }
}
