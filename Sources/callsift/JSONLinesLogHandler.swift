import Foundation
import Logging
import Sessions

/// swift-log's handler for `--log-format json`: one JSON object per line on standard output, for
/// jq, Loki, CloudWatch or a shell loop. Each line starts with `ts` (RFC 3339, UTC, milliseconds),
/// `level` and `event` (the message), then the metadata sorted by key: a number stays a JSON
/// number (seconds rounded to the millisecond, no float noise), a string a string.
struct JSONLinesLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        Output.line(Self.line(level: event.level, event: event.message.description, fields: fields))
    }

    /// `encoded` adds members whose values are JSON already (the run's summary object).
    static func line(
        level: Logger.Level, event: String, fields: Logger.Metadata, encoded: [(key: String, json: String)] = [],
        at date: Date = Date()
    ) -> String {
        var members = [
            (key: "ts", value: json(.string(Timestamp.string(date)))),
            (key: "level", value: json(.string(level.rawValue))), (key: "event", value: json(.string(event))),
        ]
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { members.append((key, json(value))) }
        members += encoded.map { (key: $0.key, value: $0.json) }
        return "{" + members.map { json(.string($0.key)) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// A metadata value as JSON: integers and doubles (rounded to 3 decimals) as numbers, booleans
    /// as booleans, everything else as text.
    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text):
            return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
        case .stringConvertible(let item):
            switch item {
            case let number as Int: return String(number)
            case let number as Double where number.isFinite:
                return String((number * 1000).rounded() / 1000)
            case let flag as Bool: return flag ? "true" : "false"
            default: return json(.string(item.description))
            }
        case .array(let items):
            return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{"
                + entries.sorted { $0.key < $1.key }.map { json(.string($0.key)) + ":" + json($0.value) }.joined(
                    separator: ",") + "}"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
