import Foundation

/// How engines' word text becomes `Word.word` (what was said) and `Word.punctuatedWord` (how to print it).
enum WordText {
    /// " Mr." → "Mr."; the engine's spacing is not part of the word.
    static func punctuated(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "Mr." → "mr", "don't," → "don't", "$20" → "20": lower case, without surrounding punctuation.
    static func normalized(_ raw: String) -> String {
        let lower = punctuated(raw).lowercased()
        let scalars = lower.unicodeScalars
        guard let first = scalars.firstIndex(where: isWordCharacter),
            let last = scalars.lastIndex(where: isWordCharacter)
        else { return "" }
        return String(scalars[first...last])
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}
