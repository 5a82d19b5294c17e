import Core
import Foundation

/// Why a playbook could not be read or found, in the shape of the analysis API's `error` object
/// (`code`, `message`, `details`), so a bad playbook is reported like any other analysis error.
///
/// Codes are stable: callers and scripts match on them. Messages name the file (or "request") and
/// say what to change.
public enum PlaybookError: CodedError, Equatable {
    /// The text is not a playbook callsift reads: bad YAML, a bad id, nothing to check...
    case invalidPlaybook(source: String, reason: String)
    /// An explicit playbook id that no loaded playbook has.
    case playbookNotFound(id: String, available: [String])
    /// Two files define the same id; the first by file name is kept.
    case duplicateID(id: String, kept: String, ignored: String)
    /// A playbook file or directory that could not be read at all.
    case unreadable(path: String, reason: String)

    public var code: String {
        switch self {
        case .invalidPlaybook: "invalid_playbook"
        case .playbookNotFound: "playbook_not_found"
        case .duplicateID: "duplicate_playbook_id"
        case .unreadable: "playbook_unreadable"
        }
    }

    public var message: String {
        switch self {
        case .invalidPlaybook(let source, let reason):
            "\(source): not a usable playbook: \(reason)."
        case .playbookNotFound(let id, let available):
            available.isEmpty
                ? "no playbook has the id “\(id)”: no playbooks are loaded. Add one to the playbook directory."
                : "no playbook has the id “\(id)”. Known ids: \(available.joined(separator: ", "))."
        case .duplicateID(let id, let kept, let ignored):
            "\(kept) and \(ignored) both define the playbook id “\(id)”; using \(kept), ignoring \(ignored). Give one of them another id."
        case .unreadable(let path, let reason):
            "\(path): cannot be read: \(reason)."
        }
    }

    public var details: [String: String] {
        switch self {
        case .invalidPlaybook(let source, let reason): ["source": source, "reason": reason]
        case .playbookNotFound(let id, let available):
            ["playbook_id": id, "available": available.joined(separator: ", ")]
        case .duplicateID(let id, let kept, let ignored): ["playbook_id": id, "kept": kept, "ignored": ignored]
        case .unreadable(let path, let reason): ["path": path, "reason": reason]
        }
    }
}

extension PlaybookError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { message }
    public var description: String { "\(code): \(message)" }
}
