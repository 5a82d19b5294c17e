/// Words as the scoring lexicons see them: lower case, apostrophes kept ("don't"), everything else
/// a separator, so "$2,000." gives "2" and "000" and "lock-in" gives "lock" and "in".
enum Tokenizer {
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "’", !current.isEmpty {
                current.append("'")
            } else if !current.isEmpty {
                tokens.append(current.hasSuffix("'") ? String(current.dropLast()) : current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current.hasSuffix("'") ? String(current.dropLast()) : current) }
        return tokens
    }

    static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
        "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "million", "percent", "half", "twice",
        "double",
    ]

    /// A figure: digits, or a number word that counts something ("twenty percent", "forty people").
    static func isNumber(_ token: String) -> Bool {
        token.first?.isNumber == true || numberWords.contains(token)
    }
}
