import Foundation

/// One value bound to, or read from, either database: SQLite's storage classes, which PostgreSQL's
/// columns of this schema map onto (BIGINT, DOUBLE PRECISION, TEXT, BYTEA). Times are TEXT in
/// both, UTC "2026-11-30 19:45:41.269" (what GRDB writes), so they sort and compare as text alike.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that binds as an SQL parameter.
protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

/// A Swift value that a column's value reads as; nil when it does not fit.
protocol SQLReadable {
    static func read(_ value: SQLValue) -> Self?
}

extension String: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .text(self) }
    static func read(_ value: SQLValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension Int64: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .integer(self) }
    static func read(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let number): number
        case .real(let number) where number == number.rounded(): Int64(exactly: number)
        default: nil
        }
    }
}

extension Int: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
    static func read(_ value: SQLValue) -> Int? { Int64.read(value).map(Int.init) }
}

extension Double: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .real(self) }
    static func read(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let number): number
        case .integer(let number): Double(number)
        default: nil
        }
    }
}

extension Bool: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    static func read(_ value: SQLValue) -> Bool? { Int64.read(value).map { $0 != 0 } }
}

extension Data: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .blob(self) }
    static func read(_ value: SQLValue) -> Data? {
        switch value {
        case .blob(let data): data
        case .text(let text): Data(text.utf8)
        default: nil
        }
    }
}

extension Date: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .text(SQLTime.text(self)) }
    static func read(_ value: SQLValue) -> Date? {
        guard case .text(let text) = value else { return nil }
        return SQLTime.date(text)
    }
}

extension Optional: SQLReadable where Wrapped: SQLReadable {
    static func read(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.read(value).map { .some($0) }
    }
}

/// Times as GRDB stores them: "yyyy-MM-dd HH:mm:ss.SSS" in UTC, milliseconds truncated.
enum SQLTime {
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
            Int(milliseconds - milliseconds.floorDivided(by: 1000) * 1000))
    }

    /// Reads "yyyy-MM-dd HH:mm:ss[.SSS]" (UTC); nil for anything else.
    static func date(_ text: String) -> Date? {
        let fields = text.split(whereSeparator: { "- :.".contains($0) }).map { Int($0) }
        guard fields.count >= 6, fields.count <= 7, fields.allSatisfy({ $0 != nil }) else { return nil }
        let numbers = fields.map { $0! }
        var parts = tm()
        parts.tm_year = Int32(numbers[0] - 1900)
        parts.tm_mon = Int32(numbers[1] - 1)
        parts.tm_mday = Int32(numbers[2])
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (Int32(numbers[3]), Int32(numbers[4]), Int32(numbers[5]))
        let seconds = timegm(&parts)
        var fraction = 0.0
        if let dot = text.lastIndex(of: "."), numbers.count == 7 {
            fraction = Double("0" + text[dot...]) ?? 0
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}

/// The parameters of one statement: positional (`?`) or named (`:name`), as GRDB takes them.
struct SQLArguments: Sendable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    var positional: [SQLValue] = []
    var named: [String: SQLValue] = [:]

    init(arrayLiteral elements: (any SQLBindable)?...) {
        positional = elements.map { $0?.sqlValue ?? .null }
    }

    init(dictionaryLiteral elements: (String, (any SQLBindable)?)...) {
        named = Dictionary(elements.map { ($0.0, $0.1?.sqlValue ?? .null) }, uniquingKeysWith: { _, last in last })
    }

    init(positional: [SQLValue] = [], named: [String: SQLValue] = [:]) {
        self.positional = positional
        self.named = named
    }

    static func + (left: SQLArguments, right: SQLArguments) -> SQLArguments {
        SQLArguments(
            positional: left.positional + right.positional,
            named: left.named.merging(right.named) { _, new in new })
    }
}
