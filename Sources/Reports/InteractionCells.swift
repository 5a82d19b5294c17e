import Scoring
import Transcripts

/// The interaction figures as a page shows them: each with its unit, and a comparison figure (the
/// rep's median) beside it when there is one.
struct InteractionCell: Sendable {
    var key: String
    var label: String
    var value: String
    /// The comparison, worded ("median 48 %"), or nil.
    var median: String?

    static let labels = [
        ("talk_share", "rep talk share"), ("longest_monologue", "longest monologue"),
        ("questions", "questions asked"), ("words_per_minute", "words per minute"),
        ("customer_story", "customer's longest story"),
    ]

    /// The five figures of one call (nil: not measured, shown as a dash), each with the median of
    /// `baseline` beside it when given.
    static func row(_ figures: InteractionFigures?, baseline: InteractionMedians? = nil) -> [InteractionCell] {
        cells(figures.map(values), beside: baseline?.values)
    }

    /// The medians themselves as the cells' values (a rep's row), dashes without any.
    static func medians(_ medians: InteractionMedians?) -> [InteractionCell] {
        cells(medians?.values, beside: nil)
    }

    private static func cells(_ values: [Double?]?, beside medians: [Double?]?) -> [InteractionCell] {
        labels.indices.map { index in
            InteractionCell(
                key: labels[index].0, label: labels[index].1,
                value: values?[index].map { format(index, $0) } ?? "—",
                median: medians?[index].map { "median " + format(index, $0) })
        }
    }

    static func values(_ figures: InteractionFigures) -> [Double?] {
        [
            figures.repTalkShare, figures.longestMonologueSeconds, Double(figures.questionsAsked),
            Double(figures.wordsPerMinute), figures.customerLongestStorySeconds,
        ]
    }

    static func format(_ index: Int, _ value: Double) -> String {
        switch labels[index].0 {
        case "talk_share": "\(Int((value * 100).rounded())) %"
        case "longest_monologue", "customer_story": seconds(value)
        default: "\(Int(value.rounded()))"
        }
    }

    /// "48 s", "2 min 05 s".
    static func seconds(_ value: Double) -> String {
        let total = Int(value.rounded())
        guard total >= 60 else { return "\(total) s" }
        let rest = total % 60
        return "\(total / 60) min \(rest < 10 ? "0" : "")\(rest) s"
    }
}

/// The median of each interaction figure over some calls (a rep's, over a recording or a period).
struct InteractionMedians: Sendable {
    var calls: Int
    var values: [Double?]

    /// Nil when `figures` is empty.
    init?(_ figures: [InteractionFigures]) {
        guard !figures.isEmpty else { return nil }
        calls = figures.count
        let columns = figures.map(InteractionCell.values)
        values = InteractionCell.labels.indices.map { index in columns.compactMap { $0[index] }.median }
    }
}
