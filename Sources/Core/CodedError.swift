/// The one shape every callsift error leaves by: a stable `code` a script can match, a `message` a
/// person can act on, and `details` that name what went wrong (a path, a field, a status). Bundles,
/// JSON lines, the store and the CLI read errors through this protocol alone, so a new error type
/// reaches all of them by adopting it.
public protocol CodedError: Error, Sendable {
    var code: String { get }
    var message: String { get }
    var details: [String: String] { get }
}

extension CodedError {
    public var details: [String: String] { [:] }
}
