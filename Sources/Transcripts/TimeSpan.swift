/// A stretch of a recording, in seconds from its start.
public struct TimeSpan: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var duration: Double { max(0, end - start) }

    /// m:ss, h:mm:ss past an hour: how every timestamp callsift writes reads (analyses, reports,
    /// prompts, the detector's signals).
    public static func clock(_ seconds: Double) -> String {
        let total = seconds.isFinite ? Int(max(seconds, 0).rounded(.down)) : 0
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(m):\(pad(s))"
    }

    /// `spans` (sorted by start) minus `holes` (sorted by start, possibly overlapping): what of
    /// `spans` no hole covers, in order.
    public static func subtract(_ holes: [TimeSpan], from spans: [TimeSpan]) -> [TimeSpan] {
        var result: [TimeSpan] = []
        var first = 0
        for span in spans {
            var cursor = span.start
            while first < holes.count, holes[first].end <= span.start { first += 1 }
            var index = first
            while index < holes.count, holes[index].start < span.end {
                if holes[index].start > cursor { result.append(TimeSpan(start: cursor, end: holes[index].start)) }
                cursor = max(cursor, holes[index].end)
                index += 1
            }
            if cursor < span.end { result.append(TimeSpan(start: cursor, end: span.end)) }
        }
        return result
    }

    /// Overlapping or touching spans merged, sorted by start.
    public static func union(_ spans: [TimeSpan]) -> [TimeSpan] {
        var merged: [TimeSpan] = []
        for span in spans.sorted(by: { $0.start < $1.start }) where span.end > span.start {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
