/// One row a query returned, by column name, read as the type the caller asks for.
struct SQLRow: Sendable {
    /// The column names, in the query's order.
    let columns: [String]
    let values: [String: SQLValue]

    init(_ pairs: [(String, SQLValue)]) {
        columns = pairs.map(\.0)
        values = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// The column's value as `T` (an optional type reads NULL as nil). A missing column or a value
    /// of another type means the database is not one this schema made.
    subscript<T: SQLReadable>(_ column: String) -> T {
        get throws {
            guard let value = values[column], let read = T.read(value) else {
                throw UnexpectedColumn(column: column, value: values[column], expected: "\(T.self)")
            }
            return read
        }
    }

    struct UnexpectedColumn: Error, CustomStringConvertible {
        let column: String
        let value: SQLValue?
        let expected: String

        var description: String {
            "column \(column) holds \(value.map { "\($0)" } ?? "nothing (no such column)"), not a \(expected): "
                + "this database was not made by callsift"
        }
    }
}
