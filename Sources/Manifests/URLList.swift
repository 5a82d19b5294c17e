import Foundation
import Sessions

/// A `urls:` file. Plain: one URL a line, `#` comment lines and blank lines ignored. CSV (a `.csv`
/// name): a header row with a `url` (or `recording_url`) column and optionally `org_id` and
/// `rep_id`; every other column goes into the recording's metadata. A bad line is a problem with
/// its line number and is skipped; the other lines go on.
enum URLList {
    struct Entry: Equatable {
        let line: Int
        let url: String
        let orgID: String?
        let repID: String?
        let metadata: [String: JSONValue]
    }

    static func entries(_ text: String, csv: Bool, log: ProblemLog) -> [Entry] {
        csv ? csvEntries(text, log: log) : plainEntries(text, log: log)
    }

    private static func plainEntries(_ text: String, log: ProblemLog) -> [Entry] {
        var entries: [Entry] = []
        // "\r\n" is one Character in Swift, and a newline, as are "\n" and "\r".
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"]))
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if let message = EntryRules.httpURLProblem(line) {
                log.add(
                    .invalidField, line: index + 1, field: "url",
                    "\(message): list local files with a folder source or `file:`")
            } else {
                entries.append(Entry(line: index + 1, url: line, orgID: nil, repID: nil, metadata: [:]))
            }
        }
        return entries
    }

    private static func csvEntries(_ text: String, log: ProblemLog) -> [Entry] {
        let table = CSVTable(text)
        for bad in table.malformed { log.add(.invalidField, line: bad.line, field: "", bad.reason) }
        guard let header = table.rows.first else {
            log.add(
                .invalidSource, line: nil, field: "", "no header row: the first row names the columns, one of them url")
            return []
        }
        let columns = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let lower = columns.map { $0.lowercased() }
        var duplicated = false
        for (index, name) in lower.enumerated() where !name.isEmpty && lower[..<index].contains(name) {
            log.add(
                .duplicateField, line: header.line, field: columns[index],
                "column \"\(columns[index])\" appears twice in the header")
            duplicated = true
        }
        let urlColumns = lower.indices.filter { ["url", "recording_url"].contains(lower[$0]) }
        if urlColumns.count != 1, !duplicated {
            log.add(
                .invalidSource, line: header.line, field: "",
                "the header row needs one url (or recording_url) column, got: \(columns.joined(separator: ", "))")
        }
        guard urlColumns.count == 1, !duplicated else { return [] }
        let org = lower.firstIndex(of: "org_id")
        let rep = lower.firstIndex(of: "rep_id")

        var entries: [Entry] = []
        for row in table.rows.dropFirst() {
            guard row.cells.count == columns.count else {
                log.add(
                    .invalidField, line: row.line, field: "",
                    "\(row.cells.count) cells, the header has \(columns.count): quote cells that hold commas")
                continue
            }
            let cells = row.cells.map { $0.trimmingCharacters(in: .whitespaces) }
            var valid = true
            func check(_ index: Int?, _ rule: (String) -> String?) -> String? {
                guard let index, !cells[index].isEmpty else { return nil }
                if let message = rule(cells[index]) {
                    log.add(.invalidField, line: row.line, field: columns[index], message)
                    valid = false
                }
                return cells[index]
            }
            let url = check(urlColumns[0], EntryRules.httpURLProblem)
            if url == nil {
                log.add(.missingField, line: row.line, field: columns[urlColumns[0]], "the url cell is empty")
            }
            let orgID = check(org, EntryRules.identifierProblem)
            let repID = check(rep, EntryRules.identifierProblem)
            guard let url, valid else { continue }
            var metadata: [String: JSONValue] = [:]
            for index in columns.indices
            where ![urlColumns[0], org, rep].contains(index) && !columns[index].isEmpty && !cells[index].isEmpty {
                metadata[columns[index]] = .string(cells[index])
            }
            entries.append(Entry(line: row.line, url: url, orgID: orgID, repID: repID, metadata: metadata))
        }
        return entries
    }
}
