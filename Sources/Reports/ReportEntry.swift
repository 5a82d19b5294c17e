import Foundation
import Scoring
import Sessions

/// One recording as the rollup report sees it: its session, its analyses, and a link to its own
/// `report.html` relative to the rollup page (nil when the bundles' folder is not known).
public struct ReportEntry: Sendable {
    public var session: SessionRecord
    public var analyses: [AnalysisRecord]
    public var bundleReport: String?
    /// Each conversation's stream-copied audio by segment index, relative to the rollup page.
    public var segmentLinks: [Int: String]
    /// The interaction figures of each analyzed conversation by segment index, measured from the
    /// bundle's transcript (empty when it is not at hand).
    public var interaction: [Int: InteractionFigures]

    public init(
        session: SessionRecord, analyses: [AnalysisRecord], bundleReport: String? = nil,
        segmentLinks: [Int: String] = [:], interaction: [Int: InteractionFigures] = [:]
    ) {
        self.session = session
        self.analyses = analyses
        self.bundleReport = bundleReport
        self.segmentLinks = segmentLinks
        self.interaction = interaction
    }

    /// The day the recording belongs to, `YYYY-MM-DD`: the manifest's `date` (a `{date}` folder or
    /// a CSV column), else `metadata.recorded_at`, else the day the session was created (UTC).
    public var day: String {
        for key in ["date", "recorded_at"] {
            if case .string(let value) = session.metadata[key], let day = Self.day(value) { return day }
        }
        return Self.day(session.createdAt) ?? String(session.createdAt.prefix(10))
    }

    /// The `YYYY-MM-DD` a date or timestamp starts with, if it is a real calendar day.
    public static func day(_ text: String) -> String? {
        let prefix = String(text.prefix(10))
        let parts = prefix.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.map(\.count) == [4, 2, 2],
            parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return DateComponents(year: year, month: month, day: day).isValidDate(in: utc) ? prefix : nil
    }

    /// The days from `first` through `last` (both `YYYY-MM-DD`), or nil past `limit` days.
    static func days(from first: String, through last: String, limit: Int = 366) -> [String]? {
        guard let start = date(first), let end = date(last), start <= end else { return nil }
        var days: [String] = []
        var current = start
        while current <= end {
            guard days.count < limit, let next = utc.date(byAdding: .day, value: 1, to: current) else { return nil }
            let parts = utc.dateComponents([.year, .month, .day], from: current)
            let pad = { (n: Int, width: Int) in String(repeating: "0", count: max(0, width - "\(n)".count)) + "\(n)" }
            days.append("\(pad(parts.year ?? 0, 4))-\(pad(parts.month ?? 0, 2))-\(pad(parts.day ?? 0, 2))")
            current = next
        }
        return days
    }

    private static func date(_ day: String) -> Date? {
        guard Self.day(day) == day else { return nil }
        let parts = day.split(separator: "-").compactMap { Int($0) }
        return utc.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// The analysis records of this session that completed, by segment index.
    public var analysisBySegment: [Int: AnalysisRecord] {
        let byID = Dictionary(analyses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [Int: AnalysisRecord] = [:]
        for (index, segment) in session.segments.enumerated() {
            if let id = segment.analysisID, let record = byID[id], record.status == .completed, record.analysis != nil {
                found[index] = record
            }
        }
        return found
    }
}
