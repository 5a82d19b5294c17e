import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A second look at an http(s) source FFmpeg could not open, for what its error does not say
/// ("Input/output error", "Invalid argument"): a redirect loop, or a web page served where the
/// recording should be (a sign-in page, an expired link's error page). One HEAD request, only
/// after a failure.
enum URLCheck {
    static func explain(_ url: String, network: NetworkPolicy) -> MediaError? {
        guard let address = URL(string: url) else { return nil }
        var request = URLRequest(url: address, timeoutInterval: max(1, network.readTimeoutSeconds))
        request.httpMethod = "HEAD"
        request.setValue("callsift", forHTTPHeaderField: "User-Agent")
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { _, response, error in
            answer.set(response as? HTTPURLResponse, error)
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + max(1, network.readTimeoutSeconds) + 1) == .success else {
            task.cancel()
            return nil
        }
        let (response, error) = answer.get()
        if let error = error as? URLError, error.code == .httpTooManyRedirects {
            return .redirectLoop(url: url)
        }
        if let type = response?.value(forHTTPHeaderField: "Content-Type")?.lowercased(),
            type.hasPrefix("text/html") || type.hasPrefix("application/xhtml")
        {
            return .notMedia(url: url, contentType: type)
        }
        return nil
    }

    /// What the session's callback saw, handed to the waiting thread.
    private final class Answer: @unchecked Sendable {
        // @unchecked: written once by the callback before the semaphore is signalled, read after.
        private var response: HTTPURLResponse?
        private var error: (any Error)?

        func set(_ response: HTTPURLResponse?, _ error: (any Error)?) {
            self.response = response
            self.error = error
        }

        func get() -> (HTTPURLResponse?, (any Error)?) { (response, error) }
    }
}
