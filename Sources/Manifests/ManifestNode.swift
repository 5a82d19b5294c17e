import Sessions
import Yams

/// A YAML node with the field path that leads to it ("sources[2].options"). Each typed read returns
/// the value, or records a problem with the node's line and path and returns nil, so reading goes
/// on and the next mistake is reported in the same pass.
struct ManifestNode {
    let node: Node
    let field: String
    let log: ProblemLog

    /// 1-based, as Yams' marks are.
    var line: Int? { node.mark?.line }

    func problem(_ message: String) {
        problem(.invalidField, message)
    }

    func problem(_ code: ManifestProblem.Code, _ message: String) {
        log.add(code, line: line, field: field, message)
    }

    /// The resolved YAML type: `.str`, `.int`, `.float`, `.bool`, `.null`, ... (quoted scalars are `.str`).
    var tag: Tag.Name {
        Tag.Name(rawValue: node.tag.description)
    }

    /// The path of a key below this node.
    func path(_ key: String) -> String {
        field.isEmpty ? key : "\(field).\(key)"
    }

    /// A scalar's text, or nil for null, lists and mappings.
    private var text: String? {
        guard case .scalar(let scalar) = node, tag != .null else { return nil }
        return scalar.string
    }

    /// What was written, for messages.
    var shown: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): tag == .null ? "nothing" : "\"\(scalar.string)\""
        default: "an alias"
        }
    }

    /// Any scalar but null, as written: `language: no` is "no" (not false), `rep_id: 0042` is "0042".
    func string() -> String? {
        guard let text else {
            problem("must be a string, got \(shown)")
            return nil
        }
        guard !text.isEmpty else {
            problem("must not be empty")
            return nil
        }
        return text
    }

    /// `true`/`false` (and YAML 1.1's yes/no/on/off when unquoted); a quoted "true" is a string.
    func bool() -> Bool? {
        if let value = node.bool { return value }
        problem("must be true or false, got \(shown)")
        return nil
    }

    func number() -> Double? {
        let tag = tag
        if text != nil, let value = tag == .int ? node.int.map(Double.init) : tag == .float ? node.float : nil,
            value.isFinite
        {
            return value
        }
        problem("must be a number, got \(shown)")
        return nil
    }

    func integer() -> Int? {
        if text != nil, tag == .int, let value = node.int { return value }
        problem("must be a whole number, got \(shown)")
        return nil
    }

    /// The items, each with its index in the path ("sources[2]").
    func list() -> [ManifestNode]? {
        guard case .sequence(let items) = node else {
            problem("must be a list, got \(shown)")
            return nil
        }
        return items.enumerated().map { ManifestNode(node: $1, field: "\(field)[\($0)]", log: log) }
    }

    /// A list of strings, or one string standing for a list of one (`include: "*.mp3"`).
    func strings() -> [String]? {
        if case .scalar = node, text != nil { return string().map { [$0] } }
        guard let items = list() else { return nil }
        let values = items.compactMap { $0.string() }
        return values.count == items.count ? values : nil
    }

    /// The keys and values of a mapping. With `allowed`, other keys are `unknown_field` problems
    /// (typos are the usual reason), suggesting the nearest allowed key; a key given twice is a problem.
    func mapping(allowed: [String]?) -> ManifestMapping? {
        guard case .mapping(let pairs) = node else {
            problem("must be a mapping, got \(shown)")
            return nil
        }
        var keys: [String] = []
        var values: [String: Node] = [:]
        for (key, value) in pairs {
            let keyNode = ManifestNode(node: key, field: field, log: log)
            guard let name = keyNode.text else {
                keyNode.problem("keys must be names, got \(keyNode.shown)")
                continue
            }
            if values[name] != nil {
                // Yams refuses equal keys, but `1:` and `"1":` differ to it (int and string) and not here.
                log.add(.duplicateField, line: keyNode.line, field: path(name), "given twice in one mapping: keep one")
            } else if let allowed, !allowed.contains(name) {
                log.add(
                    .unknownField, line: keyNode.line, field: path(name), Self.unknownKeyMessage(name, allowed: allowed)
                )
            } else {
                keys.append(name)
                values[name] = value
            }
        }
        return ManifestMapping(node: self, keys: keys, values: values)
    }

    /// A mapping of any keys and JSON values: `metadata`, engine settings.
    func object() -> [String: JSONValue]? {
        guard case .mapping = node else {
            problem("must be a mapping, got \(shown)")
            return nil
        }
        guard case .object(let object) = json() else { return nil }
        return object
    }

    /// The node as JSON: YAML's null, booleans and numbers as such, everything else as written text.
    func json() -> JSONValue {
        switch node {
        case .sequence:
            return .array((list() ?? []).map { $0.json() })
        case .mapping:
            guard let mapping = mapping(allowed: nil) else { return .null }
            return .object(
                Dictionary(
                    uniqueKeysWithValues: mapping.keys.compactMap { key in mapping[key].map { (key, $0.json()) } }))
        default:
            switch tag {
            case .null: return .null
            case .bool: if let value = node.bool { return .bool(value) }
            case .int: if let value = node.int { return .number(Double(value)) }
            case .float: if let value = node.float, value.isFinite { return .number(value) }
            default: break
            }
            return text.map(JSONValue.string) ?? .null
        }
    }

    /// `org_id` / `rep_id` (the session request API).
    func identifier() -> String? {
        guard let value = string() else { return nil }
        if let message = EntryRules.identifierProblem(value) {
            problem(message)
            return nil
        }
        return value
    }

    /// `recording_url`, `callback_url`, webhook `url`.
    func httpURL() -> String? {
        guard let value = string() else { return nil }
        if let message = EntryRules.httpURLProblem(value) {
            problem(message)
            return nil
        }
        return value
    }

    /// One of the names of `Choice` (an engine, a webhook event).
    func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) -> Choice? where Choice.RawValue == String {
        guard let value = string() else { return nil }
        if let choice = Choice(rawValue: value) { return choice }
        problem("\"\(value)\" is not one of: \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        return nil
    }

    static func unknownKeyMessage(_ name: String, allowed: [String]) -> String {
        let nearest = allowed.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        if let (suggestion, distance) = nearest, distance <= max(2, name.count / 3) {
            return "unknown field \"\(name)\": did you mean \"\(suggestion)\"?"
        }
        return "unknown field \"\(name)\": expected one of \(allowed.joined(separator: ", "))"
    }

    /// Levenshtein distance: how many one-character edits turn `a` into `b`.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in stride(from: 1, through: a.count, by: 1) {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
