import Foundation

/// The all-day session API's timestamps: ISO 8601 in UTC with milliseconds ("2026-05-07T00:52:01.487Z").
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
