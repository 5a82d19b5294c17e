/// Why a document is not the transcript it claims to be, in words a person can act on. The caller adds
/// where the document came from: a sidecar path (`invalidSidecar`) or Deepgram's answer (`failed`).
struct ParseFailure: Error, Equatable {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    /// Names the JSON field at fault, e.g. `segments[2].words[0]: "start" is missing`.
    init(_ error: DecodingError) {
        func location(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            reason = "\(location(context.codingPath)): \"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            reason = "\(location(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            reason =
                context.codingPath.isEmpty
                ? "not valid JSON" : "\(location(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            reason = "\(error)"
        }
    }
}
