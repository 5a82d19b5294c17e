import Foundation

/// The built-in detector's cues and the built-in analyzer's word lists are English. These say
/// whether a transcript's language is one they can judge, and name a language for a person.
public enum LanguageCode {
    /// True for English ("en", "en-gb") and for an unknown language (nil: a transcript imported
    /// without one, or made before callsift recorded it), which has always been read as English.
    public static func hasBuiltInCues(_ code: String?) -> Bool {
        guard let code, !code.isEmpty else { return true }
        return primary(code) == "en"
    }

    /// The language of a tag without its region, lower case: "en-US" → "en", "pt_BR" → "pt".
    public static func primary(_ tag: String) -> String {
        String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }

    /// "Spanish (es)"; the code alone when the system knows no name for it.
    public static func describe(_ code: String) -> String {
        guard let name = Locale(identifier: "en").localizedString(forLanguageCode: code), name != code else {
            return code
        }
        return "\(name) (\(code))"
    }

    /// Why a built-in engine does not judge a span in `code`: the same sentence wherever it shows.
    public static func noCuesReason(_ code: String, stage: String) -> String {
        "the built-in \(stage) has cues for English only, and this recording is in \(describe(code)): "
            + "nothing was judged from English word lists; review it by hand, or use the llm engines"
    }
}
