/// The all-day session API's `playback` block: how to play or extract a segment from the original recording.
public struct Playback: Sendable, Equatable, Codable {
    public var recordingURL: String
    public var startSeconds: Double
    public var endSeconds: Double
    public var browserSeekJS: String
    public var ffmpegExtract: String

    public init(recordingURL: String, startSeconds: Double, endSeconds: Double) {
        self.recordingURL = recordingURL
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        let start = Self.number(startSeconds)
        let end = Self.number(endSeconds)
        browserSeekJS =
            "const audio = document.querySelector('audio'); audio.currentTime = \(start); audio.play(); "
            + "audio.addEventListener('timeupdate', () => { if (audio.currentTime >= \(end)) audio.pause(); });"
        let quoted =
            "\""
            + recordingURL.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "\\$").replacingOccurrences(of: "`", with: "\\`") + "\""
        let ext =
            recordingURL.split(separator: "?").first.flatMap { $0.split(separator: "/").last }.flatMap { name in
                name.contains(".") ? name.split(separator: ".").last.map(String.init) : nil
            } ?? "mp3"
        ffmpegExtract = "ffmpeg -ss \(start) -to \(end) -i \(quoted) -c copy segment.\(ext.lowercased())"
    }

    /// Seconds as the session shape writes them: no trailing ".0", milliseconds at most.
    public static func number(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        if millis % 1000 == 0 { return "\(millis / 1000)" }
        var text = "\(millis / 1000).\(String(1000 + millis % 1000).dropFirst())"
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case recordingURL = "recording_url"
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
        case browserSeekJS = "browser_seek_js"
        case ffmpegExtract = "ffmpeg_extract"
    }
}
