import Foundation
import Transcripts

/// SubRip (`.srt`) and WebVTT (`.vtt`) subtitles. Subtitles time whole cues, not words: each cue's time
/// is shared among its words in proportion to their length (`SpokenWords.share`), and each cue, or
/// each change of speaker inside a cue, becomes an utterance. No confidence is stated, so words get 1.
///
/// Speakers come from WebVTT voice tags (`<v Alex>`, `<v.loud Alex>`) and from a line that starts with a
/// name: `Alex: `, `[Alex] `, `SPEAKER_00: `. Subtitle writers usually name only a change of speaker, so
/// a line without a name keeps the last speaker named; a file that names none has no speakers.
enum SubtitleCues {
    enum Kind: Sendable {
        case srt, webvtt

        var format: String {
            switch self {
            case .srt: "srt"
            case .webvtt: "webvtt"
            }
        }

        /// How a cue time looks in this format, for error messages.
        var example: String {
            switch self {
            case .srt: "00:00:01,000 --> 00:00:04,000"
            case .webvtt: "00:00:01.000 --> 00:00:04.000"
            }
        }
    }

    /// One line of the file with its 1-based number, for error messages.
    private struct Line {
        let number: Int
        let text: String
    }

    /// A run of a cue's text said by one speaker (nil: whoever spoke last).
    private struct Voice {
        var label: String?
        var text: String
    }

    static func parse(_ text: String, as kind: Kind) throws(ParseFailure) -> ImportedTranscript {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // `isNewline` takes "\r\n" (one Character in Swift) as well as "\n" and "\r".
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().map {
            Line(number: $0.offset + 1, text: String($0.element))
        }
        var blocks: [[Line]] = [[]]
        for line in lines {
            if line.text.allSatisfy(\.isWhitespace) {
                if !blocks[blocks.count - 1].isEmpty { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        blocks.removeAll(where: \.isEmpty)

        var language: String?
        if kind == .webvtt, !blocks.isEmpty {
            let header = blocks[0][0]
            guard isKeyword("WEBVTT", header.text) else {
                throw ParseFailure("line \(header.number): expected the WEBVTT header that starts every WebVTT file")
            }
            language =
                blocks[0].dropFirst().lazy.compactMap { line -> String? in
                    guard line.text.hasPrefix("Language:") else { return nil }
                    return line.text.dropFirst("Language:".count).trimmingCharacters(in: .whitespaces)
                }.first
            blocks.removeFirst()
            blocks.removeAll { block in ["NOTE", "STYLE", "REGION"].contains { isKeyword($0, block[0].text) } }
        }

        var labels = SpeakerLabels()
        var speaker: Int?
        var words: [Word] = []
        var utterances: [Utterance] = []
        for block in blocks {
            let timing = block[0].text.contains("-->") ? 0 : 1
            guard timing < block.count, block[timing].text.contains("-->") else {
                throw ParseFailure("line \(block[0].number): expected a cue time like \(kind.example)")
            }
            let (start, end) = try cueTimes(block[timing], kind: kind)
            // The cue's text, cut where the speaker changes.
            var runs: [(speaker: Int?, tokens: [String], text: [Substring])] = []
            for voice in block.dropFirst(timing + 1).flatMap({ voices(in: $0.text) }) {
                if let label = voice.label { speaker = labels.number(label) }
                let tokens = SpokenWords.tokens(voice.text)
                if tokens.isEmpty { continue }
                let text = voice.text.split(whereSeparator: \.isWhitespace)
                if let last = runs.last, last.speaker == speaker {
                    runs[runs.count - 1].tokens += tokens
                    runs[runs.count - 1].text += text
                } else {
                    runs.append((speaker, tokens, text))
                }
            }
            var times = SpokenWords.share(runs.flatMap { $0.tokens.map(\.count) }, start: start, end: end)[...]
            for run in runs {
                let runWords = zip(run.tokens, times.prefix(run.tokens.count)).map { token, time in
                    Word(
                        word: SpokenWords.normalized(token), punctuatedWord: token, start: time.start, end: time.end,
                        confidence: 1, speaker: run.speaker)
                }
                times = times.dropFirst(run.tokens.count)
                words += runWords
                utterances.append(
                    Utterance(
                        start: runWords[0].start, end: runWords[runWords.count - 1].end, speaker: run.speaker,
                        channel: nil, transcript: run.text.joined(separator: " "), confidence: 1, words: runWords))
            }
        }
        return ImportedTranscript(
            format: kind.format, words: words, utterances: utterances, channels: 1, durationSeconds: nil,
            language: language, model: nil)
    }

    /// Whether `line` is `keyword` alone or followed by a space or tab (`NOTE this is a comment`).
    private static func isKeyword(_ keyword: String, _ line: String) -> Bool {
        guard line.hasPrefix(keyword) else { return false }
        return line.count == keyword.count
            || line.dropFirst(keyword.count).first.map { $0 == " " || $0 == "\t" } == true
    }

    /// `00:00:01,000 --> 00:00:04,000`, or WebVTT's `00:01.000 --> 00:04.000 align:start`: settings after
    /// the end time are ignored.
    private static func cueTimes(_ line: Line, kind: Kind) throws(ParseFailure) -> (Double, Double) {
        let halves = line.text.components(separatedBy: "-->")
        let endText = halves.count == 2 ? halves[1].split(whereSeparator: \.isWhitespace).first.map(String.init) : nil
        guard let endText, let start = seconds(halves[0].trimmingCharacters(in: .whitespaces)),
            let end = seconds(endText)
        else {
            throw ParseFailure("line \(line.number): expected a cue time like \(kind.example), found \"\(line.text)\"")
        }
        guard end >= start else {
            throw ParseFailure("line \(line.number): the cue ends (\(endText)) before it starts")
        }
        return (start, end)
    }

    /// `hh:mm:ss,mmm`, `hh:mm:ss.mmm` or `mm:ss.mmm` in seconds; nil when it is not a time.
    private static func seconds(_ text: String) -> Double? {
        var fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3 else { return nil }
        let last = fields.removeLast().split(omittingEmptySubsequences: false) { $0 == "," || $0 == "." }
        guard last.count == 2, (1...3).contains(last[1].count), last[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let fraction = Double("0." + last[1])
        else { return nil }
        var whole = 0
        for (index, field) in (fields + [last[0]]).enumerated() {
            guard !field.isEmpty, field.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(field),
                index == 0 || value < 60
            else { return nil }
            whole = whole * 60 + value
        }
        return Double(whole) + fraction
    }

    /// A cue line's text, cut at each voice tag and at a leading speaker name, without markup.
    private static func voices(in line: String) -> [Voice] {
        var voices = [Voice(label: nil, text: "")]
        var rest = Substring(line)
        while let open = rest.firstIndex(where: { $0 == "<" || $0 == "{" }) {
            voices[voices.count - 1].text += rest[..<open]
            let close: Character = rest[open] == "<" ? ">" : "}"
            guard let end = rest[open...].firstIndex(of: close) else {
                rest = rest[open...]
                break
            }
            let tag = rest[rest.index(after: open)..<end]
            if close == ">", tag.first == "v", let next = tag.dropFirst().first, next == "." || next.isWhitespace {
                // `<v.class1.class2 Name>`: the name follows the first blank.
                let name = tag.drop { !$0.isWhitespace }.trimmingCharacters(in: .whitespaces)
                voices.append(Voice(label: name.isEmpty ? nil : name, text: ""))
            } else if close == "}", tag.first != "\\" {
                // Only `{\an8}`-style override codes are markup; other braces are text.
                voices[voices.count - 1].text += rest[open...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        voices[voices.count - 1].text += rest
        return voices.compactMap { voice in
            var voice = voice
            voice.text = decodeEntities(voice.text)
            if voice.label == nil, let (name, said) = leadingName(voice.text) {
                voice = Voice(label: name, text: said)
            }
            return voice.text.allSatisfy(\.isWhitespace) && voice.label == nil ? nil : voice
        }
    }

    /// `Alex: hello`, `[Alex] hello`, `SPEAKER_00: hello`, `- Dr. Smith: hello` → the name and what was
    /// said. A name starts with a capital and has at most three words, so `10:30` or `note: call back`
    /// are not names; a bracket alone on its line (`[Music]`) describes a sound, not a speaker.
    private static func leadingName(_ text: String) -> (String, String)? {
        var line = Substring(text).drop(while: \.isWhitespace)
        if line.hasPrefix("- ") { line = line.dropFirst(2) }
        let name: Substring
        let said: Substring
        if line.first == "[", let close = line.firstIndex(of: "]") {
            name = line[line.index(after: line.startIndex)..<close]
            said = line[line.index(after: close)...]
            guard said.first?.isWhitespace == true, !said.allSatisfy(\.isWhitespace) else { return nil }
        } else if let colon = line.firstIndex(of: ":") {
            name = line[..<colon]
            said = line[line.index(after: colon)...]
            guard said.isEmpty || said.first?.isWhitespace == true else { return nil }
        } else {
            return nil
        }
        let isName =
            name.first?.isUppercase == true && name.count <= 32
            && name.split(separator: " ").count <= 3
            && name.allSatisfy { $0.isLetter || $0.isNumber || " _.'-".contains($0) }
        return isName ? (String(name), String(said)) : nil
    }

    /// The character references subtitle writers use; `&amp;` last, so `&amp;lt;` stays `&lt;`.
    private static let entities = [
        ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#39;", "'"), ("&nbsp;", " "),
        ("&lrm;", ""), ("&rlm;", ""), ("&amp;", "&"),
    ]

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return entities.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
