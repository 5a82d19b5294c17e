import Foundation

/// A recording to read: a local file or an http(s) URL. Parsed once so every stage agrees on which.
public struct MediaSource: Sendable, Hashable, CustomStringConvertible {
    public enum Location: Sendable, Hashable {
        case file(path: String)
        case url(String)
    }

    public let location: Location

    /// `http://` and `https://` strings are URLs; `file://` URLs and everything else are paths.
    public init(_ string: String) {
        let lower = string.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            location = .url(string)
        } else if lower.hasPrefix("file://"), let url = URL(string: string) {
            location = .file(path: url.path)
        } else {
            location = .file(path: string)
        }
    }

    public var description: String {
        switch location {
        case .file(let path): path
        case .url(let url): url
        }
    }

    public var isRemote: Bool {
        if case .url = location { return true }
        return false
    }

    /// What FFmpeg's `avformat_open_input` is given. `file:` keeps names with colons from being read as protocols.
    var ffmpegURL: String {
        switch location {
        case .file(let path): "file:" + path
        case .url(let url): url
        }
    }

    /// The lower-cased extension of the file or URL path, without the dot ("" when none).
    public var pathExtension: String {
        switch location {
        case .file(let path):
            return URL(fileURLWithPath: path).pathExtension.lowercased()
        case .url(let string):
            return URLComponents(string: string).map { URL(fileURLWithPath: $0.path).pathExtension.lowercased() } ?? ""
        }
    }

    /// The file name without its extension (a URL's query string is not part of it): "day-1" for
    /// "/calls/day-1.mp3" or "https://host/calls/day-1.mp3?X-Amz-Signature=...".
    public var baseName: String {
        let path: String =
            switch location {
            case .file(let path): path
            case .url(let string): URLComponents(string: string)?.path ?? string
            }
        return URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// Checks a local file before FFmpeg (or an upload) sees it, so the common mistakes get their own
    /// error codes instead of a generic "No such file or directory" / "Invalid data". URLs pass.
    public func preflight() throws(MediaError) {
        guard case .file(let path) = location else { return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = errno
            var link = stat()
            let isLink = lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK
            switch error {
            case EACCES: throw .permissionDenied(path: path)
            case ELOOP: throw .brokenLink(path: path, reason: "it loops back on itself")
            case ENOENT where isLink:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw .brokenLink(path: path, reason: "what it points to, \(target), does not exist")
            default: throw .notFound(path: path)
            }
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .isDirectory(path: path) }
        guard type == S_IFREG else {
            throw .unsupportedFormat(source: path, reason: "it is not a regular file")
        }
        guard access(path, R_OK) == 0 else { throw .permissionDenied(path: path) }
        if info.st_size == 0 { throw .emptyFile(path: path) }
    }

    /// True when the first bytes of a local file are printable text: the usual reason a `.wav`
    /// "does not open" is that it is a saved error page or a note.
    func looksLikeText() -> Bool {
        guard case .file(let path) = location, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 4096), !data.isEmpty else { return false }
        // The 4 KiB may end inside a multi-byte character: allow up to 3 bytes of it to be cut off.
        guard (0...3).contains(where: { String(data: data.dropLast($0), encoding: .utf8) != nil }) else { return false }
        let controls = data.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return controls.count * 100 < data.count
    }
}
