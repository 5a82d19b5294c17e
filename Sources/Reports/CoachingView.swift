import Foundation
import Scoring

/// The strongest or weakest pillar's coaching line, with the quotes that show it as links that play
/// them. A quote is kept only when it can illustrate the pillar (`Analysis.Pillar.isIllustrated`):
/// a line cited in the feedback that does not is taken out of it, an evidence quote that does not
/// is not listed, and the page says how many were left out and why.
struct CoachingView: Sendable {
    struct Evidence: Sendable {
        var link: MomentLink
        var speaker: String
        var quote: String
    }

    var name: String
    var score: Int
    var feedback: String
    var evidence: [Evidence]
    var hasEvidence: Bool
    /// "1 quote left out: it does not show influence", or nil.
    var leftOut: String?

    static let shownQuotes = 3

    init(pillar: Analysis.Pillar, analysis: Analysis, feedback: String, player: MomentLink.Player) {
        name = pillar.rawValue.capitalized
        score = analysis.score(pillar)
        let quotes = analysis.evidence[pillar.rawValue]?.quotes ?? []
        var dropped = 0
        (self.feedback, dropped) = Self.holding(feedback, to: pillar, analysis: analysis)
        let shown = quotes.filter { pillar.isIllustrated(by: $0.text, speaker: $0.speaker) }
        dropped += quotes.count - shown.count
        evidence = shown.prefix(Self.shownQuotes).map {
            Evidence(link: player.link(at: $0.startSeconds), speaker: $0.speaker, quote: $0.text)
        }
        hasEvidence = !evidence.isEmpty
        leftOut =
            dropped == 0
            ? nil
            : "\(dropped) quote\(dropped == 1 ? "" : "s") left out: \(dropped == 1 ? "it does" : "they do") not show \(pillar.rawValue)"
    }

    /// `text` without the lines it cites that cannot illustrate `pillar`, and how many went. A
    /// quote's speaker is looked up among the analysis's evidence and moments (the rep otherwise).
    static func holding(_ text: String, to pillar: Analysis.Pillar, analysis: Analysis) -> (String, Int) {
        let speakers = Dictionary(
            (analysis.evidence.values.flatMap(\.quotes).map { ($0.text, $0.speaker) }
                + analysis.moments.map { ($0.quote, $0.speaker) }),
            uniquingKeysWith: { first, _ in first })
        var dropped = 0
        let kept = CitedLine.all(in: text).reversed().reduce(text) { text, match in
            guard !pillar.isIllustrated(by: match.quote, speaker: speakers[match.quote] ?? "rep") else { return text }
            dropped += 1
            // The quote may have ended the sentence: its full stop stays when nothing follows to end it.
            let after = text[match.range.upperBound...].first
            let stop = match.quote.last.map { ".!?".contains($0) } == true && after != "." && after != nil
            return text.replacingCharacters(in: match.range, with: match.example ? (stop ? "." : "") : " a line")
        }
        return (kept, dropped)
    }

    /// A line cited in feedback as the analyzers write it: ` at m:ss “words”`, after an `, e.g.`
    /// when it is an example (then the whole clause goes when the quote is left out).
    struct CitedLine {
        var range: Range<String.Index>
        var quote: String
        var example: Bool

        static func all(in text: String) -> [CitedLine] {
            text.matches(of: #/(?<eg>,? e\.g\.)? at \d+:\d\d(?::\d\d)? “(?<quote>[^”]*)”/#).map {
                CitedLine(range: $0.range, quote: String($0.output.quote), example: $0.output.eg != nil)
            }
        }
    }
}
