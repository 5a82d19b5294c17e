import Foundation

/// What came of one request, or of its last try.
public enum HTTPOutcome: Sendable {
    /// The server answered, with any status.
    case answered(HTTPAnswer)
    /// No answer within the transport's timeout.
    case timedOut
    /// No connection, or the connection broke: the reason as the network layer words it.
    case unreachable(String)
    /// The caller was cancelled before a try or during a wait between tries.
    case cancelled
}

/// A server's answer.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The header's value, whatever the case of its name.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `Retry-After` in seconds, when the server gave it as a number (the HTTP-date form is not used
    /// by the servers callsift talks to).
    public var retryAfterSeconds: Double? {
        header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 >= 0 ? $0 : nil }
    }
}

/// The outcome of a request tried under a `RetryPolicy`, and how many tries it took.
public struct HTTPAttempts: Sendable {
    public var outcome: HTTPOutcome
    public var attempts: Int
}
