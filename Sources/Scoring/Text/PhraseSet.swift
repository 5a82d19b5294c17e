/// A list of cue phrases matched on token sequences: fast enough to scan an 8-hour day in
/// milliseconds, where one regular expression per cue would take seconds. `*` stands for any one word.
struct PhraseSet: Sendable {
    private let byFirst: [String: [[String]]]
    private let wildcardFirst: [[String]]

    init(_ phrases: [String]) {
        var byFirst: [String: [[String]]] = [:]
        var wildcardFirst: [[String]] = []
        for phrase in phrases {
            let tokens = phrase.split(separator: " ").map(String.init)
            guard let first = tokens.first else { continue }
            if first == "*" { wildcardFirst.append(tokens) } else { byFirst[first, default: []].append(tokens) }
        }
        self.byFirst = byFirst
        self.wildcardFirst = wildcardFirst
    }

    /// The first phrase found in `tokens`, as written in the list (wildcards filled in).
    func firstMatch(in tokens: [String]) -> String? {
        for index in tokens.indices {
            for phrase in (byFirst[tokens[index]] ?? []) + wildcardFirst where matches(phrase, tokens, at: index) {
                return tokens[index..<(index + phrase.count)].joined(separator: " ")
            }
        }
        return nil
    }

    /// Every non-overlapping match, in order.
    func allMatches(in tokens: [String]) -> [String] {
        var found: [String] = []
        var index = 0
        while index < tokens.count {
            let phrase = ((byFirst[tokens[index]] ?? []) + wildcardFirst)
                .filter { matches($0, tokens, at: index) }.max { $0.count < $1.count }
            if let phrase {
                found.append(tokens[index..<(index + phrase.count)].joined(separator: " "))
                index += phrase.count
            } else {
                index += 1
            }
        }
        return found
    }

    func contains(in tokens: [String]) -> Bool { firstMatch(in: tokens) != nil }

    private func matches(_ phrase: [String], _ tokens: [String], at index: Int) -> Bool {
        guard index + phrase.count <= tokens.count else { return false }
        for (offset, word) in phrase.enumerated() where word != "*" && tokens[index + offset] != word { return false }
        return true
    }
}
