import Foundation

/// One request to send: the URL, the method, the headers and where the body comes from.
public struct HTTPRequest: Sendable {
    /// Where the body comes from. A file is streamed from disk rather than read into memory: call
    /// recordings run to hours.
    public enum Body: Sendable {
        case none
        case data(Data)
        case file(String)
    }

    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Body

    public init(url: URL, method: String = "POST", headers: [String: String] = [:], body: Body = .none) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// An http(s) URL, or nil.
    public static func webURL(_ text: String) -> URL? {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else { return nil }
        return url
    }

    /// Same scheme, host and port (the default port of the scheme when none is written): the only
    /// redirects a request that carries a key or a signature follows.
    public static func isSameOrigin(_ from: URL?, _ to: URL?) -> Bool {
        guard let from, let to, let fromHost = from.host?.lowercased(), let toHost = to.host?.lowercased() else {
            return false
        }
        func port(_ url: URL) -> Int? {
            url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
        }
        return from.scheme?.lowercased() == to.scheme?.lowercased() && fromHost == toHost && port(from) == port(to)
    }
}
