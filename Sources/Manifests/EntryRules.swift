import Foundation

/// The session request API's rules for a recording's request fields, shared by the manifest reader and by
/// discovery (which checks values taken from folder names and CSV cells). Each returns what is
/// wrong, as a message, or nil.
enum EntryRules {
    /// `org_id` and `rep_id`: 1–256 characters of `[A-Za-z0-9._:-]`, not only dots: each names a
    /// folder under the output, and "." or ".." would name the output itself or a folder above it.
    static func identifierProblem(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        if value.allSatisfy({ $0 == "." }) {
            return
                "\"\(value)\" is only dots: ids name folders under the output, and this one would point at or above it"
        }
        if value.unicodeScalars.count > 256 {
            return "must be at most 256 characters, got \(value.unicodeScalars.count)"
        }
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "._:-".unicodeScalars.contains(scalar)
        }
        return allowed ? nil : "\"\(value)\" may hold only letters A–Z a–z, digits and . _ : -"
    }

    /// `recording_url` and `callback_url`: an absolute http or https URL with a host.
    static func httpURLProblem(_ value: String) -> String? {
        guard let url = URLComponents(string: value), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { return "\"\(value)\" is not an absolute http(s) URL" }
        return nil
    }

    /// `file` (the session request API's `file_key`): 1–512 characters.
    static func fileProblem(_ value: String) -> String? {
        value.count > 512 ? "must be at most 512 characters, got \(value.count)" : nil
    }
}
