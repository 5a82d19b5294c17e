import Core
import Sessions

/// Why a tool call did not do what it was asked: a tool result with `isError` and this stable
/// code, never a failure of the server. `details["field"]` names a wrong argument.
struct ToolFailure: CodedError {
    let code: String
    let message: String
    let details: [String: String]

    init(code: String, message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    init(_ error: ErrorObject) { self.init(code: error.code, message: error.message, details: error.details) }

    /// A store's (or any module's) error, as it is.
    init(_ error: some CodedError) { self.init(code: error.code, message: error.message, details: error.details) }

    static func notFound(_ kind: String, _ id: String) -> ToolFailure {
        ToolFailure(code: "not_found", message: "no \(kind) \(id) in this database", details: ["id": id])
    }

    var object: ErrorObject { ErrorObject(code: code, message: message, details: details) }
}
