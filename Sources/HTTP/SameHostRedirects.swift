import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A session delegate that follows a redirect only to the same scheme, host and port. The LLM,
/// Deepgram and webhook clients attach an API key or a signature to their requests: a redirect
/// elsewhere (a compromised or misconfigured endpoint) must not carry them to a third party, so
/// it is refused and the 3xx answer is what the caller sees.
final class SameHostRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    static let shared = SameHostRedirects()

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(HTTPRequest.isSameOrigin(task.originalRequest?.url, request.url) ? request : nil)
    }
}
