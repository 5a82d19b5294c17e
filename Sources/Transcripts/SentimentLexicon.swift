import Foundation

/// Sentiment from words, by a documented lexicon method (no model, no network).
///
/// Each word found in the lexicon contributes its valence (−3…+3). A negator ("not", "no", "never",
/// "don't", ...) within the three words before flips and dampens it (× −0.75); an intensifier just
/// before ("very", "really", "so", ...) scales it by 1.3. The utterance's score is the sum `s`
/// normalized as `s / √(s² + 15)` (VADER's normalization), in −1…+1. Labels: ≥ 0.05 positive,
/// ≤ −0.05 negative, otherwise neutral. The recording's score is the word-weighted mean of its
/// utterances' scores.
public enum SentimentLexicon {
    public static let positiveThreshold = 0.05

    /// Valences, chosen for sales conversations (agreement, interest, value vs. objections, cost, doubt).
    static let valences: [String: Double] = [
        "great": 3, "excellent": 3, "perfect": 3, "love": 3, "amazing": 3, "fantastic": 3, "wonderful": 3, "awesome": 3,
        "good": 2, "happy": 2, "glad": 2, "thanks": 2, "thank": 2, "appreciate": 2, "helpful": 2, "interested": 2,
        "excited": 2, "works": 1, "sounds": 1, "agree": 2, "definitely": 2, "absolutely": 2, "easy": 2, "save": 2,
        "saving": 2, "savings": 2, "benefit": 2, "valuable": 2, "value": 1, "fair": 1, "nice": 2, "pleased": 2,
        "yes": 1, "sure": 1, "okay": 1, "ok": 1, "right": 1, "like": 1, "better": 2, "best": 3, "fine": 1, "welcome": 2,
        "reliable": 2, "recommend": 2, "impressed": 3, "solve": 2, "solved": 2, "improve": 2, "improvement": 2,
        "bad": -2, "terrible": -3, "awful": -3, "horrible": -3, "hate": -3, "problem": -2, "problems": -2, "issue": -1,
        "issues": -1, "expensive": -2, "costly": -2, "concern": -1, "concerned": -2, "worried": -2, "worry": -2,
        "mess": -2, "frustrated": -3, "frustrating": -3, "annoyed": -2, "angry": -3, "disappointed": -3,
        "difficult": -2, "hard": -1, "confusing": -2, "complicated": -2, "slow": -1, "broken": -2, "fail": -2,
        "failed": -2, "cancel": -2, "burned": -2, "unfortunately": -2, "sorry": -1, "no": -1, "lose": -2, "lost": -2,
        "waste": -3, "unhappy": -3, "complaint": -2, "risk": -1, "doubt": -1, "hesitant": -1, "busy": -1,
        "justify": -1, "overpriced": -3, "lock-in": -2, "penalty": -2,
    ]
    static let negators: Set<String> = [
        "not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't", "cannot",
        "nothing", "hardly", "neither", "nor", "without",
    ]
    static let intensifiers: Set<String> = [
        "very", "really", "so", "extremely", "super", "totally", "incredibly", "quite",
    ]

    /// Score in −1…+1 of a run of normalized words.
    public static func score(_ words: [String]) -> Double {
        var sum = 0.0
        for (index, word) in words.enumerated() {
            guard var valence = valences[word] else { continue }
            if index > 0, intensifiers.contains(words[index - 1]) { valence *= 1.3 }
            if words[max(0, index - 3)..<index].contains(where: negators.contains), word != "no" { valence *= -0.75 }
            sum += valence
        }
        return sum == 0 ? 0 : sum / (sum * sum + 15).squareRoot()
    }

    public static func label(_ score: Double) -> Sentiment {
        score >= positiveThreshold ? .positive : score <= -positiveThreshold ? .negative : .neutral
    }
}
