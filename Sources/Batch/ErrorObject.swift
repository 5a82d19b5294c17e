/// The error object of every record: `{code, message, details}` with a stable code.
public struct ErrorObject: Sendable, Equatable, Codable {
    public var code: String
    public var message: String
    public var details: [String: String]

    public init(code: String, message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }
}
