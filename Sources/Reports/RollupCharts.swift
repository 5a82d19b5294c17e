import Scoring

/// Conversations per day as stacked bars, one color per outcome: the week's rhythm at a glance.
/// Geometry in `viewBox` units (1000 × 200), computed here so the template only places numbers.
struct CallsPerDayChart: Sendable {
    struct Stack: Sendable {
        var outcome: String
        var y: String
        var height: String
        var title: String
    }

    struct Day: Sendable {
        var x: String
        var width: String
        var centerX: String
        /// Empty on crowded charts but for about twelve days, evenly spread, as on the trend chart.
        var label: String
        var total: Int
        var totalY: String
        var stacks: [Stack]
    }

    static let outcomes = ["won", "ongoing", "no_decision", "lost"]
    static let baseline = 170.0
    static let maxHeight = 140.0

    var days: [Day]

    /// `counts[day][outcome]`, days in order.
    init(days: [String], counts: [String: [String: Int]]) {
        let peak = max(days.map { counts[$0, default: [:]].values.reduce(0, +) }.max() ?? 0, 1)
        let slot = 1000.0 / Double(max(days.count, 1))
        let width = min(60, slot * 0.7)
        let every = max(1, Int((Double(days.count) / 12).rounded(.up)))
        self.days = days.enumerated().map { index, day in
            let byOutcome = counts[day, default: [:]]
            var top = Self.baseline
            var stacks: [Stack] = []
            for outcome in Self.outcomes {
                let count = byOutcome[outcome, default: 0]
                guard count > 0 else { continue }
                let height = Double(count) / Double(peak) * Self.maxHeight
                top -= height
                stacks.append(
                    Stack(
                        outcome: outcome, y: TimelineView.number(top), height: TimelineView.number(height),
                        title: "\(day): \(count) \(outcome.replacingOccurrences(of: "_", with: " "))"))
            }
            let center = slot * (Double(index) + 0.5)
            return Day(
                x: TimelineView.number(center - width / 2), width: TimelineView.number(width),
                centerX: TimelineView.number(center),
                label: index % every == 0 ? String(day.dropFirst(5)) : "", total: byOutcome.values.reduce(0, +),
                totalY: TimelineView.number(top - 4),
                stacks: stacks)
        }
    }
}

/// Mean pillar scores per day as lines (0–100 up the side), one per pillar and one for overall:
/// whether coaching moves the numbers over the week. Days without an analysis leave no point.
struct PillarTrendChart: Sendable {
    struct Point: Sendable {
        var x: String
        var y: String
        var title: String
    }

    struct Series: Sendable {
        var key: String
        var label: String
        var points: String
        var dots: [Point]
    }

    struct Gridline: Sendable {
        var y: String
        var label: String
    }

    struct DayTick: Sendable {
        var x: String
        var label: String
    }

    static let left = 60.0, right = 960.0, top = 10.0, bottom = 210.0

    var series: [Series]
    var gridlines: [Gridline]
    var dayTicks: [DayTick]

    /// `means[day][key]` where key is a pillar's raw value or `overall`.
    init(days: [String], means: [String: [String: Double]]) {
        let step = days.count > 1 ? (Self.right - Self.left) / Double(days.count - 1) : 0
        func x(_ index: Int) -> Double {
            days.count > 1 ? Self.left + step * Double(index) : (Self.left + Self.right) / 2
        }
        func y(_ score: Double) -> Double { Self.bottom - min(max(score, 0), 100) / 100 * (Self.bottom - Self.top) }
        let keys = Analysis.Pillar.allCases.map(\.rawValue) + ["overall"]
        series = keys.map { key in
            let label = key.capitalized
            let dots = days.enumerated().compactMap { index, day -> Point? in
                guard let mean = means[day]?[key] else { return nil }
                return Point(
                    x: TimelineView.number(x(index)), y: TimelineView.number(y(mean)),
                    title: "\(label), \(day): \(TimelineView.number(mean))")
            }
            return Series(
                key: key, label: label, points: dots.map { "\($0.x),\($0.y)" }.joined(separator: " "), dots: dots)
        }
        gridlines = [0, 25, 50, 75, 100].map { Gridline(y: TimelineView.number(y(Double($0))), label: "\($0)") }
        // At most about twelve day labels, evenly spread.
        let every = max(1, Int((Double(days.count) / 12).rounded(.up)))
        dayTicks = days.enumerated().compactMap { index, day in
            index % every == 0 ? DayTick(x: TimelineView.number(x(index)), label: String(day.dropFirst(5))) : nil
        }
    }
}
