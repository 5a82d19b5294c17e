import Foundation
import Scoring
import Sessions

/// The analysts' table: one row per span the detector found (every kind, so nothing is hidden; a
/// data team filters on `kind`), and one row per failed recording with its error code. As CSV
/// (RFC 4180, a header row) or JSON lines; a pillar that could not be measured is null, never a
/// stand-in number.
public enum ConversationExport {
    public struct Row: Sendable, Equatable {
        public var sessionID: String
        public var analysisID: String?
        public var orgID: String?
        public var repID: String?
        public var day: String
        public var recording: String?
        public var startSeconds: Double?
        public var endSeconds: Double?
        public var customer: String?
        public var kind: String?
        public var outcome: String?
        /// The segment's status (analyzed, needs_review, skipped…), or `failed` for a recording that failed.
        public var status: String
        public var confidence: Double?
        /// Per pillar (clarity … close), nil when the pillar was not measured or the span not analyzed.
        public var pillars: [String: Int?]
        public var overall: Int?
        public var title: String?
        /// The last next step the analysis quoted (its words as said).
        public var nextStep: String?
        public var errorCode: String?
        public var errorMessage: String?

        /// The cells in `columns` order, as CSV text; nil for an empty cell.
        var cells: [String?] {
            jsonValues.map { value in
                switch value {
                case .string(let text): text
                case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
                default: nil
                }
            }
        }

        /// The cells with their JSON types: numbers as numbers, empty cells as null.
        var jsonValues: [JSONValue] {
            let text: (String?) -> JSONValue = { value in value.map { .string($0) } ?? .null }
            let number: (Double?) -> JSONValue = { value in value.map { .number($0) } ?? .null }
            let integer: (Int?) -> JSONValue = { value in value.map { .number(Double($0)) } ?? .null }
            let identity: [JSONValue] = [sessionID, analysisID, orgID, repID, day, recording].map(text)
            let span: [JSONValue] = [
                number(startSeconds), number(endSeconds), text(customer), text(kind), text(outcome), text(status),
                number(confidence),
            ]
            let scores: [JSONValue] = Analysis.Pillar.allCases.map { integer(pillars[$0.rawValue] ?? nil) }
            let rest: [JSONValue] = [
                integer(overall), text(title), text(nextStep), text(errorCode), text(errorMessage),
            ]
            return identity + span + scores + rest
        }
    }

    public static let columns =
        [
            "session_id", "analysis_id", "org_id", "rep_id", "day", "recording", "start_seconds", "end_seconds",
            "customer", "kind", "outcome", "status", "confidence",
        ] + Analysis.Pillar.allCases.map(\.rawValue)
        + ["overall", "title", "next_step", "error_code", "error_message"]

    public static func rows(_ entries: [ReportEntry]) -> [Row] {
        entries.flatMap { entry -> [Row] in
            let session = entry.session
            let base = Row(
                sessionID: session.id, orgID: session.partnerOrgID, repID: session.partnerRepID, day: entry.day,
                recording: session.recordingURL, status: session.status.rawValue, pillars: [:])
            if session.status == .failed {
                var row = base
                row.errorCode = session.error?.code
                row.errorMessage = session.error?.message
                return [row]
            }
            let analyses = entry.analysisBySegment
            let failures = Dictionary(
                entry.analyses.compactMap { record in record.error.map { (record.id, $0) } },
                uniquingKeysWith: { first, _ in first })
            return session.segments.enumerated().map { index, segment in
                var row = base
                row.analysisID = segment.analysisID
                row.startSeconds = centi(segment.startSeconds)
                row.endSeconds = centi(segment.endSeconds)
                row.customer = segment.customerName
                row.kind = segment.kind.rawValue
                row.outcome = segment.isSalesConversation ? segment.detectedOutcome.rawValue : nil
                row.status = segment.status.rawValue
                row.confidence = centi(segment.confidence)
                if let analysis = analyses[index]?.analysis {
                    row.pillars = analysis.measuredScores
                    row.overall = analysis.overallScore
                    row.title = analysis.recordingTitle
                    row.nextStep = analysis.lastNextStep
                } else if let id = segment.analysisID, let failure = failures[id] {
                    row.errorCode = failure.code
                    row.errorMessage = failure.message
                }
                return row
            }
        }
    }

    /// Seconds and confidences to two decimals, as the reports show them.
    static func centi(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// RFC 4180: a header row, then one line per row; a cell with a comma, a quote or a line break
    /// is quoted, its quotes doubled. Lines end with CRLF, as the RFC asks.
    public static func csv(_ rows: [Row]) -> String {
        func cell(_ value: String?) -> String {
            guard let value else { return "" }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines = [columns.joined(separator: ",")] + rows.map { $0.cells.map(cell).joined(separator: ",") }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// One JSON object per line, keys in `columns` order, numbers as numbers, empty cells null.
    public static func jsonLines(_ rows: [Row]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        return try rows.map { row in
            let members = try zip(columns, row.jsonValues).map { column, value in try json(column) + ":" + json(value) }
            return "{" + members.joined(separator: ",") + "}\n"
        }.joined()
    }
}
