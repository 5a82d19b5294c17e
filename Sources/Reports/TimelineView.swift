import Scoring
import Sessions

/// The recording's day as an SVG strip: one band per segment, a sales conversation colored by its
/// outcome (won, lost, ongoing, no decision; paler and outlined when left for review) with its
/// overall score on it, a skipped span or any other span grey, with time ticks. Geometry is
/// computed here so the template only places numbers; `viewBox` units are `width` across the
/// whole recording.
struct TimelineView: Sendable {
    struct Band: Sendable {
        /// `<outcome> <status>` for a sales conversation (`won analyzed`, `lost needs_review`),
        /// `skipped`, or `other <kind>`: the CSS classes pick the color.
        var kind: String
        var x: String
        var width: String
        /// Shown on hover without JavaScript (`<title>`).
        var tooltip: String
        /// Above a conversation's band when it is wide enough: the customer.
        var label: String?
        var labelX: String
        /// The overall score, written on the band when it is wide enough.
        var score: String?
    }

    struct Tick: Sendable {
        var x: String
        var label: String
    }

    static let width = 1000.0

    var bands: [Band]
    var ticks: [Tick]

    /// Bands narrower than this (in `viewBox` units) carry no label: it would overlap its neighbour.
    static let labelMinWidth = 70.0
    /// Bands narrower than this carry no score: two digits would spill over.
    static let scoreMinWidth = 24.0

    /// `overallScores` are by segment index (nil: not analyzed).
    init(session: SessionRecord, overallScores: [Int?] = []) {
        let ends = session.segments.map(\.endSeconds)
        let duration = max(Double(session.durationSeconds ?? 0), ends.max() ?? 0, 1)
        func x(_ seconds: Double) -> Double { min(max(seconds, 0), duration) / duration * Self.width }
        func band(
            _ kind: String, _ start: Double, _ end: Double, _ tooltip: String, label: String? = nil, score: Int? = nil
        ) -> Band {
            // A band never vanishes: a few seconds in a long day still get a visible sliver.
            let width = max(x(end) - x(start), 1)
            return Band(
                kind: kind, x: Self.number(x(start)), width: Self.number(width), tooltip: tooltip,
                label: width >= Self.labelMinWidth ? label : nil, labelX: Self.number(x(start) + width / 2),
                score: width >= Self.scoreMinWidth ? score.map(String.init) : nil)
        }
        bands = session.segments.enumerated().map { index, segment in
            let range = "\(Quote.clock(segment.startSeconds))–\(Quote.clock(segment.endSeconds))"
            guard segment.isSalesConversation else {
                return band(
                    "other \(segment.kind.rawValue)", segment.startSeconds, segment.endSeconds,
                    "\(segment.kind.rawValue) · skipped · \(range)\n\(segment.statusReason)\n\(segment.summary)")
            }
            let customer = segment.customerName ?? "Unknown customer"
            let overall = index < overallScores.count ? overallScores[index] : nil
            let tooltip =
                "\(customer) · \(segment.detectedOutcome.rawValue) · confidence "
                + "\(Self.number(segment.confidence)) · \(segment.status.rawValue) · \(range)"
                + (overall.map { " · overall \($0)" } ?? "") + "\n\(segment.summary)"
            let kind =
                segment.status == .skipped
                ? "skipped" : "\(segment.detectedOutcome.rawValue) \(segment.status.rawValue)"
            return band(
                kind, segment.startSeconds, segment.endSeconds, tooltip, label: customer, score: overall)
        }
        // The smallest round step that gives at most ten ticks.
        let steps: [Double] = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]
        let step = steps.first { duration / $0 <= 10 } ?? (duration / 10).rounded(.up)
        ticks = stride(from: 0, through: duration, by: step).map { Tick(x: Self.number(x($0)), label: Quote.clock($0)) }
    }

    /// At most two decimals, no trailing zeros: short, stable attribute values.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = "\(sign)\(abs(hundredths) / 100)"
        let fraction = abs(hundredths) % 100
        if fraction == 0 { return whole }
        let digits = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        return whole + "." + (digits.hasSuffix("0") ? String(digits.dropLast()) : digits)
    }
}
