import Transcripts

/// Turns printed text into `Word`s: the lower-case unpunctuated form, and times for words whose source
/// gives only the time of a whole line.
enum SpokenWords {
    /// `Hello,` → `hello`; `Don’t` → `don't`; `10:30.` → `10:30`. Keeps letters and digits, apostrophes
    /// and hyphens between letters or digits, and `.,:` between digits (so numbers and times survive).
    static func normalized(_ text: String) -> String {
        let characters = Array(text.lowercased().replacingOccurrences(of: "’", with: "'"))
        var kept = ""
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                kept.append(character)
                continue
            }
            guard index > 0, index + 1 < characters.count else { continue }
            let before = characters[index - 1]
            let after = characters[index + 1]
            let joinsWords =
                (character == "'" || character == "-")
                && (before.isLetter || before.isNumber) && (after.isLetter || after.isNumber)
            let joinsDigits =
                (character == "." || character == "," || character == ":") && before.isNumber && after.isNumber
            if joinsWords || joinsDigits { kept.append(character) }
        }
        return kept
    }

    /// The printed words of `text`. Tokens with no letter or digit (a dialogue dash, a lone `…`) are not
    /// words and are dropped.
    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init).filter { !normalized($0).isEmpty }
    }

    /// Words of `text` with times shared out over `start...end` by `share`.
    static func spread(_ text: String, start: Double, end: Double, confidence: Double, speaker: Int?) -> [Word] {
        let tokens = tokens(text)
        return zip(tokens, share(tokens.map(\.count), start: start, end: end)).map { token, time in
            Word(
                word: normalized(token), punctuatedWord: token, start: time.start, end: time.end,
                confidence: confidence,
                speaker: speaker)
        }
    }

    /// Splits `start...end` into consecutive spans in proportion to `lengths` (characters). Without a
    /// time per word this is a rough guess, but it keeps the words in order and inside their line, and
    /// long words get more time than short ones.
    static func share(_ lengths: [Int], start: Double, end: Double) -> [(start: Double, end: Double)] {
        let total = Double(max(lengths.reduce(0, +), 1))
        let span = max(end - start, 0)
        var done = 0.0
        return lengths.map { length in
            let from = start + span * done / total
            done += Double(length)
            return (from, start + span * done / total)
        }
    }
}
