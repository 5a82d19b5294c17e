/// A folder source's `path`, e.g. `/archive/{rep_id}/{date}/*.mp3`: a folder to start from, then one
/// step per folder level (a name, a glob, or a placeholder that captures the folder's name), then
/// optionally a glob for the file names. A last component with `*`, `?` or `[` matches files; end the
/// path with `/` to make it match folders instead.
struct PathPattern: Sendable, Equatable {
    /// The values a folder name can supply.
    enum Placeholder: String, Sendable, CaseIterable {
        case orgID = "org_id"
        case repID = "rep_id"
        /// A folder named YYYY-MM-DD or YYYYMMDD; recorded in `metadata.date` as YYYY-MM-DD.
        case date
    }

    enum Step: Sendable, Equatable {
        case name(String)
        case glob(String)
        case capture(Placeholder)
    }

    struct Invalid: Error {
        let message: String
    }

    /// The absolute path as written.
    let text: String
    /// The longest leading part without globs or placeholders: where the walk starts.
    let root: String
    let steps: [Step]
    let fileGlob: String?

    init(_ text: String) throws(Invalid) {
        self.text = text
        var parts = text.split(separator: "/").map(String.init)
        var fileGlob: String?
        if !text.hasSuffix("/"), let last = parts.last, Self.isGlob(last) {
            if last.contains("{") || last.contains("}") {
                throw Invalid(
                    message:
                        "\"\(last)\": placeholders name whole folders (/archive/{rep_id}/{date}/*.mp3), and a glob has no {a,b}: "
                        + "list several patterns in include")
            }
            fileGlob = parts.removeLast()
        }
        var root: [String] = []
        var steps: [Step] = []
        for part in parts {
            let step = try Self.step(part)
            if steps.isEmpty, case .name = step {
                root.append(part)
            } else if case .capture(let placeholder) = step, steps.contains(step) {
                throw Invalid(message: "{\(placeholder.rawValue)} appears twice")
            } else {
                steps.append(step)
            }
        }
        self.root = "/" + root.joined(separator: "/")
        self.steps = steps
        self.fileGlob = fileGlob
    }

    func captures(_ placeholder: Placeholder) -> Bool {
        steps.contains(.capture(placeholder))
    }

    private static func step(_ part: String) throws(Invalid) -> Step {
        guard part.contains("{") || part.contains("}") else { return isGlob(part) ? .glob(part) : .name(part) }
        guard part.hasPrefix("{"), part.hasSuffix("}") else {
            throw Invalid(message: "a placeholder stands for a whole folder name: \"\(part)\" mixes it with other text")
        }
        let name = String(part.dropFirst().dropLast())
        guard let placeholder = Placeholder(rawValue: name) else {
            throw Invalid(message: "unknown placeholder {\(name)}: use {rep_id}, {org_id} or {date}")
        }
        return .capture(placeholder)
    }

    private static func isGlob(_ part: String) -> Bool {
        part.contains { "*?[".contains($0) }
    }
}
