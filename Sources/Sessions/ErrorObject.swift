import Core
import Foundation

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

    /// Any error as a person should read it: the typed errors keep their codes; a file-system error
    /// names the path and what to check, never Foundation's "NSCocoaErrorDomain error 512".
    public init(_ error: any Error, source: String?) {
        let prefix = source.map { "\($0): " } ?? ""
        switch error {
        case let error as any CodedError: self.init(code: error.code, message: error.message, details: error.details)
        case let error as CocoaError:
            let path = error.userInfo[NSFilePathErrorKey] as? String ?? error.filePath
            let cause = (error.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { underlying in
                underlying.domain == NSPOSIXErrorDomain
                    ? String(cString: strerror(Int32(underlying.code))) : underlying.localizedDescription
            }
            let what = path.map { "could not write \($0)" } ?? "could not write the output"
            self.init(
                code: "write_failed",
                message:
                    "\(prefix)\(what)\(cause.map { " (\($0))" } ?? ""): check that its folder is writable, has space, "
                    + "and that no file stands where a folder should be.",
                details: path.map { ["path": $0] } ?? [:])
        default: self.init(code: "write_failed", message: "\(prefix)\(error.localizedDescription)")
        }
    }
}
