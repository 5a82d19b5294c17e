import Foundation
import Yams

/// Turns the text of one playbook (YAML, or Markdown with optional front matter) into a `Playbook`,
/// with errors that name the source and say what to fix.
struct PlaybookParser {
    let source: String
    let defaultID: String

    /// The keys a YAML playbook or a Markdown front matter may set, as people write them.
    struct Fields: Decodable {
        var id: String?
        var name: String?
        var orgID: String?
        var repID: String?
        var repName: String?
        var active: Bool?
        var talkingPoints: [String]?
        var requiredQuestions: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, name, active
            case orgID = "org_id"
            case repID = "rep_id"
            case repName = "rep_name"
            case talkingPoints = "talking_points"
            case requiredQuestions = "required_questions"
        }

        static let keys = [
            "id", "name", "org_id", "rep_id", "rep_name", "active", "talking_points", "required_questions",
        ]
    }

    /// What the Markdown body of a playbook holds: its `# Title` and the bullets of the sections that count.
    struct MarkdownBody {
        var title: String?
        var talkingPoints: [String] = []
        var requiredQuestions: [String] = []
    }

    func parse(_ text: String) throws(PlaybookError) -> Playbook {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw invalid("it is empty")
        }
        if let (frontMatter, body) = Self.splitFrontMatter(lines) {
            let node = try compose(frontMatter.joined(separator: "\n"), part: "the front matter").get()
            let fields = if let node { try decode(node, part: "the front matter") } else { Fields() }
            return try build(fields, markdown: Self.markdown(body))
        }
        let yaml = compose(text, part: "the YAML")
        let looksLikeMarkdown = lines.contains { Self.heading($0) != nil || Self.bullet($0) != nil }
        if case .success(let node?) = yaml, let mapping = node.mapping,
            !looksLikeMarkdown || mapping.keys.contains(where: { Fields.keys.contains($0.string ?? "") })
        {
            return try build(decode(node, part: "the YAML"), markdown: nil)
        }
        if looksLikeMarkdown {
            let body = Self.markdown(lines)
            // Text that is neither valid YAML nor a Markdown playbook is most likely broken YAML: say so.
            if case .failure(let error) = yaml, body.talkingPoints.isEmpty, body.requiredQuestions.isEmpty {
                throw error
            }
            return try build(Fields(), markdown: body)
        }
        if case .failure(let error) = yaml { throw error }
        throw invalid(
            "expected a YAML mapping (\(Fields.keys.joined(separator: ", "))) or Markdown with a “Talking points” or “Questions” heading"
        )
    }

    private func invalid(_ reason: String) -> PlaybookError {
        .invalidPlaybook(source: source, reason: reason)
    }

    // MARK: YAML

    private func compose(_ yaml: String, part: String) -> Result<Node?, PlaybookError> {
        do {
            return .success(try Yams.compose(yaml: yaml))
        } catch let error as YamlError {
            return .failure(invalid("\(part) is not valid YAML: \(Self.describe(error))"))
        } catch {
            return .failure(invalid("\(part) is not valid YAML: \(error)"))
        }
    }

    private func decode(_ node: Node, part: String) throws(PlaybookError) -> Fields {
        guard let mapping = node.mapping else {
            throw invalid("\(part) must be a mapping of keys (\(Fields.keys.joined(separator: ", ")))")
        }
        let unknown = mapping.keys.map { $0.string ?? "\($0)" }.filter { !Fields.keys.contains($0) }
        if let key = unknown.first {
            throw invalid("\(part) has an unknown key “\(key)” (known keys: \(Fields.keys.joined(separator: ", ")))")
        }
        do {
            return try YAMLDecoder().decode(Fields.self, from: node)
        } catch let error as DecodingError {
            throw invalid("in \(part), \(Self.describe(error))")
        } catch {
            throw invalid("in \(part), \(error)")
        }
    }

    /// A YAML syntax error as "line 3, column 5: problem", without libyaml's multi-line snippet.
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let context = context.map { " (\($0.text))" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(context)"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }

    /// A decoding error in the words of the file: which key, and what it should hold.
    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default: return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .joined()
        let key = context.codingPath.last.flatMap { $0.intValue == nil ? $0.stringValue : nil }
        let expected =
            switch key {
            case "talking_points", "required_questions": "a list of text items, one per line starting with “- ”"
            case "active": "true or false"
            default: "text"
            }
        return path.isEmpty ? context.debugDescription : "“\(path)” should be \(expected)"
    }

    // MARK: Markdown

    /// Front matter: a first line `---`, then YAML, then a line `---` (or `...`). Nil when there is none.
    private static func splitFrontMatter(_ lines: [String]) -> ([String], [String])? {
        guard let first = lines.first,
            first.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: {
                ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces))
            })
        else { return nil }
        return (Array(lines[1..<end]), Array(lines[(end + 1)...]))
    }

    /// Which list a section's bullets go to, from its heading's words.
    private enum Section {
        case talkingPoints, requiredQuestions, ignored

        init(heading: String) {
            let text = heading.lowercased()
            if ["talking point", "key message", "value proposition"].contains(where: text.contains) {
                self = .talkingPoints
            } else if text.contains("question") {
                self = .requiredQuestions
            } else {
                self = .ignored
            }
        }
    }

    /// Top-level bullets (`-`, `*`, `+`, `1.`, `1)`) under the sections that count; a line that
    /// directly follows a bullet continues it. Nested bullets are notes on their parent and are
    /// left out, as are code blocks.
    private static func markdown(_ lines: [String]) -> MarkdownBody {
        var body = MarkdownBody()
        var section = Section.ignored
        var continuing = false
        var inCode = false
        func append(_ text: String, continuation: Bool) {
            switch section {
            case .talkingPoints:
                if continuation {
                    body.talkingPoints[body.talkingPoints.count - 1] += " " + text
                } else {
                    body.talkingPoints.append(text)
                }
            case .requiredQuestions:
                if continuation {
                    body.requiredQuestions[body.requiredQuestions.count - 1] += " " + text
                } else {
                    body.requiredQuestions.append(text)
                }
            case .ignored: break
            }
        }
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inCode.toggle()
                continuing = false
                continue
            }
            if inCode { continue }
            if let (level, text) = heading(line) {
                if level == 1, body.title == nil, !text.isEmpty { body.title = text }
                section = Section(heading: text)
                continuing = false
            } else if trimmed.isEmpty {
                continuing = false
            } else if let (indent, text) = bullet(line) {
                continuing = indent < 2 && !text.isEmpty
                if continuing { append(text, continuation: false) }
            } else if continuing {
                append(cleaned(trimmed), continuation: true)
            }
        }
        return body
    }

    /// `## Text ##` → (2, "Text"); nil for anything that is not an ATX heading.
    private static func heading(_ line: String) -> (Int, String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let level = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(level), line.prefix(while: { $0 == " " }).count < 4 else { return nil }
        let rest = trimmed.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        let text = rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#"))
        return (level, cleaned(text.trimmingCharacters(in: .whitespaces)))
    }

    /// `  - text` → (2, "text"): the bullet's indent (a tab counts 4) and its text, without a task box.
    private static func bullet(_ line: String) -> (Int, String)? {
        let indent = line.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
        var rest = Substring(line.trimmingCharacters(in: .whitespaces))
        if let marker = rest.first, "-*+".contains(marker) {
            rest = rest.dropFirst()
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let marker = rest.dropFirst(digits.count).first, ".)".contains(marker)
            else { return nil }
            rest = rest.dropFirst(digits.count + 1)
        }
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        for box in ["[ ] ", "[x] ", "[X] "] where text.hasPrefix(box) {
            text = String(text.dropFirst(box.count))
        }
        return (indent, cleaned(text))
    }

    /// Item text without Markdown emphasis or code marks, which are formatting, not words.
    private static func cleaned(_ text: String) -> String {
        ["**", "__", "`"].reduce(text) { $0.replacingOccurrences(of: $1, with: "") }.trimmingCharacters(
            in: .whitespaces)
    }

    // MARK: Validation

    private func build(_ fields: Fields, markdown: MarkdownBody?) throws(PlaybookError) -> Playbook {
        let id = fields.id?.trimmingCharacters(in: .whitespaces) ?? defaultID
        guard Self.isValidID(id) else {
            let origin = fields.id == nil ? " (taken from the file name; set `id:` to choose another)" : ""
            throw invalid("the id “\(id)”\(origin) is not valid: use 1 to 256 letters, digits, “.”, “_”, “:” or “-”")
        }
        let orgID = try scope(fields.orgID, key: "org_id")
        let repID = try scope(fields.repID, key: "rep_id")
        if let repID, orgID == nil {
            throw invalid(
                "rep_id “\(repID)” needs an org_id: rep playbooks are chosen by organization and rep together")
        }
        let talkingPoints = Self.items(fields.talkingPoints ?? [], markdown?.talkingPoints ?? [])
        let requiredQuestions = Self.items(fields.requiredQuestions ?? [], markdown?.requiredQuestions ?? [])
        if talkingPoints.isEmpty, requiredQuestions.isEmpty {
            throw invalid(
                markdown == nil
                    ? "it lists no talking_points and no required_questions; add at least one"
                    : "no bullets under a “Talking points” (or “Key messages”, “Value propositions”) heading or a “Questions” heading; add at least one"
            )
        }
        let name = fields.name?.trimmingCharacters(in: .whitespaces)
        return Playbook(
            id: id, name: name.flatMap { $0.isEmpty ? nil : $0 } ?? markdown?.title ?? id, orgID: orgID, repID: repID,
            repName: fields.repName.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 },
            active: fields.active ?? true, talkingPoints: talkingPoints, requiredQuestions: requiredQuestions,
            source: source)
    }

    private func scope(_ value: String?, key: String) throws(PlaybookError) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw invalid("\(key) is empty; remove the line or give the id") }
        return trimmed
    }

    private static func items(_ lists: [String]...) -> [String] {
        lists.joined().map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private static func isValidID(_ id: String) -> Bool {
        (1...256).contains(id.unicodeScalars.count)
            && id.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._:-".unicodeScalars.contains($0))
            }
    }
}
