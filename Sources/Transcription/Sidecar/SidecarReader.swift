import Foundation

/// Reads transcripts that other tools wrote beside a recording ("sidecars"): Deepgram's JSON answer,
/// whisper / faster-whisper / WhisperX JSON, SRT and WebVTT subtitles. The format is told from the
/// content, so a file's name need not say it; the extension only helps explain a broken file.
public enum SidecarReader {
    /// The suffixes tried beside `dir/name.ext`, best first: Deepgram's JSON (word times, confidences,
    /// speakers), then any JSON (its content tells the engine), whisper's JSON, and last the subtitles,
    /// which time only whole cues.
    private static let suffixes = [".deepgram.json", ".json", ".whisper.json", ".srt", ".vtt"]

    public static func read(path: String) throws(TranscriptionError) -> ImportedTranscript {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .sidecarNotFound(source: path, looked: [path])
        }
        guard !isDirectory.boolValue else {
            throw .invalidSidecar(path: path, reason: "it is a directory; name the transcript file inside it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidSidecar(
                path: path, reason: "it cannot be read; make it readable by the user running callsift")
        }
        do {
            return try parse(data, extension: URL(fileURLWithPath: path).pathExtension.lowercased())
        } catch {
            throw .invalidSidecar(path: path, reason: error.reason)
        }
    }

    /// `dir/name.deepgram.json`, `dir/name.json`, `dir/name.whisper.json`, `dir/name.srt`,
    /// `dir/name.vtt` for the recording `dir/name.ext`, in the order `find` tries them.
    public static func candidates(forRecording path: String) -> [String] {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        // `.hidden` has no extension: its dot starts the name.
        let base = path[nameStart...].lastIndex(of: ".").flatMap { $0 > nameStart ? path[..<$0] : nil } ?? path[...]
        return suffixes.map { base + $0 }
    }

    /// The first sidecar of `candidates(forRecording:)` that exists.
    public static func find(forRecording path: String) throws(TranscriptionError) -> String {
        let looked = candidates(forRecording: path)
        let found = looked.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
        guard let found else { throw .sidecarNotFound(source: path, looked: looked) }
        return found
    }

    /// Tells the format from the content: JSON with `results.channels` is Deepgram's, JSON with
    /// `segments` (or a bare list of segments) is whisper's; `WEBVTT` starts WebVTT; a cue number and
    /// a cue time start SRT. `fileExtension` decides only what a file that is none of them was meant to be.
    private static func parse(_ data: Data, extension fileExtension: String) throws(ParseFailure) -> ImportedTranscript
    {
        guard let decoded = String(data: data, encoding: .utf8) else {
            throw ParseFailure("it is not UTF-8 text; callsift reads Deepgram or whisper JSON, SRT and WebVTT")
        }
        let text = decoded.hasPrefix("\u{FEFF}") ? String(decoded.dropFirst()) : decoded
        let start = text.drop(while: \.isWhitespace)
        let firstLines = start.split(whereSeparator: \.isNewline).prefix(2)
        let looksLikeSRT =
            firstLines.first?.contains("-->") == true
            || (firstLines.first?.allSatisfy(\.isNumber) == true && firstLines.last?.contains("-->") == true)
        if start.first == "{" || start.first == "[" { return try parseJSON(Data(text.utf8)) }
        if start.hasPrefix("WEBVTT") { return try SubtitleCues.parse(text, as: .webvtt) }
        if looksLikeSRT { return try SubtitleCues.parse(text, as: .srt) }
        // None of them: the name says what the file was meant to be, and its parser says what is wrong.
        switch fileExtension {
        case "json": return try parseJSON(Data(text.utf8))
        case "vtt": return try SubtitleCues.parse(text, as: .webvtt)
        case "srt": return try SubtitleCues.parse(text, as: .srt)
        default: break
        }
        if start.isEmpty { throw ParseFailure("the file is empty") }
        let firstLine = start.prefix(40).split(whereSeparator: \.isNewline).first ?? ""
        throw ParseFailure("it is not Deepgram or whisper JSON, SRT or WebVTT (it starts with \"\(firstLine)\")")
    }

    private static func parseJSON(_ data: Data) throws(ParseFailure) -> ImportedTranscript {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data)
        } catch {
            let why = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw ParseFailure("it is not valid JSON" + (why.map { " (\($0))" } ?? ""))
        }
        if top is [Any] { return try WhisperJSON.parse(data) }
        let object = top as? [String: Any] ?? [:]
        if (object["results"] as? [String: Any])?["channels"] != nil { return try DeepgramResponse.parse(data) }
        if object["segments"] != nil { return try WhisperJSON.parse(data) }
        throw ParseFailure(
            "JSON without results.channels (Deepgram) or segments (whisper, faster-whisper, WhisperX); top-level keys: "
                + (object.keys.sorted().joined(separator: ", ")))
    }
}
