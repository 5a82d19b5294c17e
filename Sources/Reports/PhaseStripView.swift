import Scoring
import Sessions

/// A call's timeline drawn under its player: its phases as colored bands across the call and its
/// key moments as dots below them, each dot a link that plays the moment. `viewBox` units are
/// `width` across the conversation.
struct PhaseStripView: Sendable {
    struct Band: Sendable {
        var name: String
        var label: String
        var x: String
        var width: String
        var labelX: String
        /// Only where the band is wide enough for its label.
        var showsLabel: Bool
        var tooltip: String
    }

    struct Marker: Sendable {
        var type: String
        var x: String
        var link: MomentLink
        var tooltip: String
    }

    static let width = 1000.0
    static let labels = [
        "opening": "opening", "discovery": "discovery", "pitch": "pitch", "objection_handling": "objections",
        "close": "close", "wrap_up": "wrap-up",
    ]

    var bands: [Band]
    var markers: [Marker]

    init?(_ timeline: ConversationTimeline?, segment: SegmentRecord, player: MomentLink.Player) {
        guard let timeline, !timeline.phases.isEmpty else { return nil }
        let start = segment.startSeconds
        let length = max(segment.endSeconds - start, 1)
        func x(_ seconds: Double) -> Double { min(max(seconds - start, 0), length) / length * Self.width }
        bands = timeline.phases.map { phase in
            let width = max(x(phase.endSeconds) - x(phase.startSeconds), 2)
            let label = Self.labels[phase.name] ?? phase.name
            return Band(
                name: phase.name, label: label, x: TimelineView.number(x(phase.startSeconds)),
                width: TimelineView.number(width), labelX: TimelineView.number(x(phase.startSeconds) + width / 2),
                showsLabel: width >= Double(label.count) * 9 + 8,
                tooltip:
                    "\(label) \(Quote.clock(phase.startSeconds))–\(Quote.clock(phase.endSeconds)): “\(phase.quote)”")
        }
        markers = timeline.moments.map { moment in
            Marker(
                type: moment.type, x: TimelineView.number(x(moment.startSeconds)),
                link: player.link(at: moment.startSeconds),
                tooltip:
                    "\(moment.id) \(moment.type.replacingOccurrences(of: "_", with: " ")) at \(Quote.clock(moment.startSeconds)), \(moment.speaker): “\(moment.quote)”"
            )
        }
    }
}
