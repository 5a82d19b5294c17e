/// RFC 4180 CSV (quoted cells, doubled quotes, line breaks inside quotes, CRLF or LF), keeping the
/// line each row starts on, so a bad row is reported where it is and the rows after it are still
/// read. (SwiftCSV stops at the first bad quote and does not say where rows start.)
struct CSVTable {
    struct Row: Equatable {
        let line: Int
        let cells: [String]
    }

    struct Malformed: Equatable {
        let line: Int
        let reason: String
    }

    private(set) var rows: [Row] = []
    private(set) var malformed: [Malformed] = []

    /// Blank lines (and rows of blank cells) are skipped.
    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a spreadsheet's byte-order mark
        var index = 0
        var line = 1

        func atLineEnd() -> Bool { index == scalars.count || scalars[index] == "\n" || scalars[index] == "\r" }
        /// Past the end of the line and its line break.
        func finishLine() {
            while !atLineEnd() { index += 1 }
            if index < scalars.count, scalars[index] == "\r" { index += 1 }
            if index < scalars.count, scalars[index] == "\n" { index += 1 }
            line += 1
        }

        while index < scalars.count {
            let start = line
            var cells: [String] = []
            var problem: String?
            while problem == nil {
                var cell = String.UnicodeScalarView()
                if scalars[safe: index] == "\"" {
                    index += 1
                    var closed = false
                    while index < scalars.count {
                        let scalar = scalars[index]
                        index += 1
                        if scalar == "\"" {
                            guard scalars[safe: index] == "\"" else {
                                closed = true
                                break
                            }
                            index += 1
                        } else if scalar == "\n" {
                            line += 1
                        }
                        cell.append(scalar)
                    }
                    if !closed {
                        problem =
                            "a quoted cell is never closed: every \" opens or closes a cell, and a quote inside one is written \"\""
                    } else if !atLineEnd(), scalars[index] != "," {
                        problem = "text after a closing quote: quote the whole cell, and double any quote inside it"
                    }
                } else {
                    while !atLineEnd(), scalars[index] != "," {
                        if scalars[index] == "\"" {
                            problem = "a quote inside an unquoted cell: quote the whole cell, and double the quote"
                        }
                        cell.append(scalars[index])
                        index += 1
                    }
                }
                cells.append(String(cell))
                guard problem == nil, index < scalars.count, scalars[index] == "," else { break }
                index += 1
            }
            if let problem {
                malformed.append(Malformed(line: start, reason: problem))
            } else if !cells.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
                rows.append(Row(line: start, cells: cells))
            }
            finishLine()
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
