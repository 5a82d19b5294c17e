import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A session delegate that follows a redirect only to the same scheme, host and port. The LLM,
/// Deepgram and webhook clients attach an API key or a signature to their requests: a redirect
/// elsewhere (a compromised or misconfigured endpoint) must not carry them to a third party, so
/// it is refused and the 3xx answer is what the caller sees.
public final class SameHostRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    public static let shared = SameHostRedirects()

    public func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(Self.isSameOrigin(task.originalRequest?.url, request.url) ? request : nil)
    }

    /// Same scheme, host and port (the default port of the scheme when none is written).
    public static func isSameOrigin(_ from: URL?, _ to: URL?) -> Bool {
        guard let from, let to, let fromHost = from.host?.lowercased(), let toHost = to.host?.lowercased() else {
            return false
        }
        func port(_ url: URL) -> Int? {
            url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
        }
        return from.scheme?.lowercased() == to.scheme?.lowercased() && fromHost == toHost && port(from) == port(to)
    }

    /// A session for requests that carry a key or a signature.
    public static func session(_ configuration: URLSessionConfiguration = .ephemeral) -> URLSession {
        URLSession(configuration: configuration, delegate: shared, delegateQueue: nil)
    }
}
