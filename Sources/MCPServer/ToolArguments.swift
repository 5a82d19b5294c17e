import Foundation
import MCP
import Reports

/// A tool call's arguments, read field by field: a wrong or missing one is an `invalid_argument`
/// error that names it, never a guess.
struct ToolArguments {
    let values: [String: Value]

    init(_ values: [String: Value]?) { self.values = values ?? [:] }

    static func invalid(_ field: String, _ message: String) -> ToolFailure {
        ToolFailure(code: "invalid_argument", message: "\(field): \(message)", details: ["field": field])
    }

    /// Refuses fields the tool does not take (a misspelt `rep` would otherwise be ignored).
    func only(_ allowed: [String]) throws(ToolFailure) {
        for key in values.keys.sorted() where !allowed.contains(key) {
            throw Self.invalid(key, "unknown field; this tool takes \(allowed.joined(separator: ", "))")
        }
    }

    func string(_ field: String, required: Bool = false) throws(ToolFailure) -> String? {
        guard let value = values[field], !value.isNull else {
            if required { throw Self.invalid(field, "is required") }
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty else {
            throw Self.invalid(field, "must be a non-empty string")
        }
        return text
    }

    func number(_ field: String, in range: ClosedRange<Double>) throws(ToolFailure) -> Double? {
        guard let value = values[field], !value.isNull else { return nil }
        guard let number = value.doubleValue ?? value.intValue.map(Double.init), range.contains(number) else {
            throw Self.invalid(field, "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func integer(_ field: String, in range: ClosedRange<Int>) throws(ToolFailure) -> Int? {
        guard let number = try number(field, in: Double(range.lowerBound)...Double(range.upperBound)) else {
            return nil
        }
        guard number == number.rounded() else { throw Self.invalid(field, "must be a whole number") }
        return Int(number)
    }

    /// Whether `text` is a calendar day written YYYY-MM-DD, and nothing more.
    static func isDay(_ text: String) -> Bool { ReportEntry.day(text) == text }

    /// A day (2026-11-24, the whole day) or a moment (2026-11-24T09:00:00Z).
    func date(_ field: String, endOfDay: Bool = false) throws(ToolFailure) -> Date? {
        guard let text = try string(field) else { return nil }
        if let moment = try? Date(text, strategy: .iso8601) { return moment }
        guard Self.isDay(text), let start = try? Date(text + "T00:00:00Z", strategy: .iso8601) else {
            throw Self.invalid(field, "\(text) is not an ISO 8601 date (2026-11-24) or time (2026-11-24T09:00:00Z)")
        }
        return endOfDay ? start.addingTimeInterval(86_400 - 0.001) : start
    }
}
