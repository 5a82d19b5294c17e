import Foundation

/// The playbooks of one directory, and the one that applies to a conversation.
///
/// A bad file must not take the others down with it (a typo in one rep's playbook would otherwise
/// stop scoring for the whole team), so loading keeps every good playbook and lists what was wrong
/// in `problems`.
public struct PlaybookLibrary: Sendable {
    /// The file name extensions read; others (README.txt, .DS_Store) are left alone.
    public static let fileExtensions: Set<String> = ["md", "markdown", "yaml", "yml"]

    /// Sorted by id.
    public let playbooks: [Playbook]
    /// Files that could not be read or parsed, in file name order, then duplicate ids.
    public let problems: [PlaybookError]

    /// A library of playbooks at hand. The first playbook with an id wins; later ones with the same id are problems.
    public init(playbooks: [Playbook], problems: [PlaybookError] = []) {
        var kept: [String: Playbook] = [:]
        var problems = problems
        for playbook in playbooks {
            if let first = kept[playbook.id] {
                problems.append(.duplicateID(id: playbook.id, kept: first.source, ignored: playbook.source))
            } else {
                kept[playbook.id] = playbook
            }
        }
        self.playbooks = kept.values.sorted { $0.id < $1.id }
        self.problems = problems
    }

    /// Loads every playbook file directly in `directory` (not its subdirectories), in file name
    /// order; a file's id defaults to its name without extension. Throws only when the directory
    /// itself cannot be read.
    public init(directory: String) throws(PlaybookError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadable(path: directory, reason: "not a readable directory (\(error.localizedDescription))")
        }
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        var playbooks: [Playbook] = []
        var problems: [PlaybookError] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = base.appendingPathComponent(name)
            guard Self.fileExtensions.contains(url.pathExtension.lowercased()) else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                problems.append(.unreadable(path: url.path, reason: "the file cannot be opened"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(.unreadable(path: url.path, reason: "not UTF-8 text"))
                continue
            }
            do {
                playbooks.append(
                    try Playbook.parse(text, defaultID: url.deletingPathExtension().lastPathComponent, source: url.path)
                )
            } catch {
                problems.append(error)
            }
        }
        self.init(playbooks: playbooks, problems: problems)
    }

    public func playbook(id: String) -> Playbook? {
        playbooks.first { $0.id == id }
    }

    /// The playbook for one conversation, in the all-day session API's order:
    /// 1. `content`, the request's own playbook text (parsed here; source "request");
    /// 2. `playbookID`, an explicit id, active or not (an unknown id is an error, not a fallback);
    /// 3. the active playbook for `orgID` and `repID` together;
    /// 4. the active playbook for `orgID` with no rep;
    /// 5. none: nil, and default scoring.
    /// When several playbooks fit one step, the smallest id wins, so the choice never depends on file order.
    public func resolve(content: String?, playbookID: String?, orgID: String?, repID: String?) throws(PlaybookError)
        -> PlaybookResolution?
    {
        if let content {
            return PlaybookResolution(
                playbook: try Playbook.parse(content, defaultID: "request", source: "request"), via: .requestContent)
        }
        if let playbookID {
            guard let playbook = playbook(id: playbookID) else {
                throw .playbookNotFound(id: playbookID, available: playbooks.map(\.id))
            }
            return PlaybookResolution(playbook: playbook, via: .playbookID)
        }
        guard let orgID else { return nil }
        let active = playbooks.filter { $0.active && $0.orgID == orgID }
        if let repID, let playbook = active.first(where: { $0.repID == repID }) {
            return PlaybookResolution(playbook: playbook, via: .rep)
        }
        return active.first { $0.repID == nil }.map { PlaybookResolution(playbook: $0, via: .org) }
    }
}
