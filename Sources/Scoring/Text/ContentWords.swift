/// The words of a text that carry its meaning, in a form that lets a playbook line and a spoken
/// sentence be compared: lower-case, stop words and filler removed, common suffixes stripped.
///
/// Stemming is deliberately light (no dictionary): "plans", "planned" and "planning" become "plan",
/// "moves"/"moving"/"moved"/"move" become "mov", "monthly" becomes "month". Irregular forms
/// ("keep"/"kept") stay apart; a playbook line usually has enough other words to match.
enum ContentWords {
    /// The distinct content stems of `text`. Falls back to every word's stem when all of them are
    /// stop words, so a line like "Why now?" still has something to match.
    static func of(_ text: String) -> Set<String> {
        let tokens = tokens(text)
        let content = tokens.filter { !stopWords.contains($0) }.map(stem).filter { !stopWords.contains($0) }
        return Set(content.isEmpty ? tokens.map(stem) : content)
    }

    /// Lower-case words; hyphens split ("month-to-month"), possessives go ("Alex's" → "alex"),
    /// contractions close up ("don't" → "dont", a stop word).
    static func tokens(_ text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "’", with: "'")
            .split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { word in
                let word = word.hasSuffix("'s") ? word.dropLast(2) : word
                return word.filter { $0 != "'" }
            }
            .filter { !$0.isEmpty }
    }

    /// Strips one common suffix (ies, ing, ed, ly, es, s), then a final "e", keeping at least three letters.
    static func stem(_ word: String) -> String {
        guard word.count > 3, word.allSatisfy(\.isLetter) else { return word }
        var stem = word
        if stem.hasSuffix("ies"), stem.count > 4 {
            stem = String(stem.dropLast(3)) + "y"
        } else if stem.hasSuffix("ing"), stem.count >= 6 {
            stem = undoubled(String(stem.dropLast(3)))
        } else if stem.hasSuffix("ed"), !stem.hasSuffix("eed"), stem.count >= 5 {
            stem = undoubled(String(stem.dropLast(2)))
        } else if stem.hasSuffix("ly"), stem.count >= 5 {
            stem = String(stem.dropLast(2))
        } else if stem.hasSuffix("es"), stem.count >= 5,
            ["s", "x", "z", "ch", "sh"].contains(where: stem.dropLast(2).hasSuffix)
        {
            stem = String(stem.dropLast(2))
        } else if stem.hasSuffix("s"), !["ss", "us", "is"].contains(where: stem.hasSuffix) {
            stem = String(stem.dropLast())
        }
        if stem.hasSuffix("e"), stem.count >= 4 { stem = String(stem.dropLast()) }
        return stem
    }

    /// "planning" → "plann" → "plan"; l, s and z stay double ("calling" → "call").
    private static func undoubled(_ stem: String) -> String {
        guard let last = stem.last, stem.dropLast().last == last, !"aeioulsz".contains(last) else { return stem }
        return String(stem.dropLast())
    }

    /// Function words ("one" too: "the one", and a digit read out in a phone number), fillers of
    /// speech, contractions without their apostrophe, and the verbs a
    /// playbook uses to instruct the rep ("ask", "mention") that the rep never says.
    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "done", "down", "during", "each", "either", "else", "even", "ever", "every", "few",
        "for", "from", "further", "get", "gets", "getting", "go", "goes", "going", "got", "had", "has", "have",
        "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
        "it", "its", "itself", "just", "let", "like", "may", "me", "might", "more", "most", "much", "must", "my",
        "myself", "no", "nor", "not", "now", "of", "off", "oh", "ok", "okay", "on", "once", "one", "only", "or",
        "other", "our", "ours", "ourselves", "out", "over", "own", "please", "quite", "rather", "really", "right",
        "same", "shall", "she", "should", "so", "some", "such", "sure", "than", "that", "the", "their", "theirs",
        "them", "themselves", "then", "there", "these", "they", "thing", "things", "this", "those", "through", "to",
        "too", "uh", "um", "under", "until", "up", "us", "very", "was", "way", "we", "well", "were", "what", "when",
        "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "yeah", "yes",
        "yet", "you", "your", "yours", "yourself", "yourselves", "arent", "cant", "couldnt", "didnt", "doesnt", "dont",
        "hadnt", "hasnt", "havent", "id", "ill", "im", "isnt", "ive", "shouldnt", "theyll", "theyre", "theyve", "wasnt",
        "wed", "werent", "weve", "wont", "wouldnt", "youd", "youll", "youre", "youve", "ask", "asked", "asking",
        "confirm", "discuss", "emphasise", "emphasize", "explain", "find", "highlight", "make", "mention", "say",
        "tell",
    ]
}
