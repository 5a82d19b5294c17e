import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The one way callsift talks HTTP: the LLM, Deepgram and webhook clients all send through it.
/// It holds what they share: a timeout per try, redirects followed only to the same host (see
/// `SameHostRedirects`), a concurrency limit with a shared `Retry-After` pause, and the retry loop.
///
/// Foundation's URLSession does the talking. async-http-client would add 2.5 to 4.5 minutes to
/// every clean build here for nothing the client tests ask for. Each request runs in a task of its
/// own that the caller's cancellation does not reach: cancelling a task inside
/// `URLSession.data(for:)` deadlocks swift-corelibs-foundation (seen here). A cancelled caller
/// stops at the next try instead.
public final class HTTPTransport: Sendable {
    /// The timeout of one try, in whole seconds: swift-corelibs-foundation drops the fraction of a
    /// timeout interval, so 0.5 s would mean no timeout at all.
    public let timeoutSeconds: Double
    private let session: URLSession
    private let limiter: ConcurrencyLimiter

    public init(timeoutSeconds: Double, maxConcurrency: Int = 4) {
        self.timeoutSeconds = max(1, timeoutSeconds.rounded(.up))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = self.timeoutSeconds
        configuration.timeoutIntervalForResource = self.timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = max(maxConcurrency, 1)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: SameHostRedirects.shared, delegateQueue: nil)
        limiter = ConcurrencyLimiter(limit: maxConcurrency)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request`, trying again while `policy` says the outcome is worth it. `beforeTry` is told
    /// each try's number (1 for the first) before it goes out, for the caller's usage figures.
    public func send(
        _ request: HTTPRequest, retrying policy: RetryPolicy = .once, beforeTry: @Sendable (Int) -> Void = { _ in }
    ) async -> HTTPAttempts {
        var attempt = 0
        while true {
            if Task.isCancelled { return HTTPAttempts(outcome: .cancelled, attempts: attempt) }
            attempt += 1
            beforeTry(attempt)
            let outcome = await sendOnce(request)
            guard RetryPolicy.isRetryable(outcome), attempt < policy.maxAttempts else {
                return HTTPAttempts(outcome: outcome, attempts: attempt)
            }
            var retryAfter: Double?
            if case .answered(let answer) = outcome, let seconds = answer.retryAfterSeconds {
                retryAfter = seconds
                // A rate limit applies to every request to this server, not only to the one that hit it.
                await limiter.pause(seconds: policy.backoff(afterAttempt: attempt, retryAfter: seconds))
            }
            let wait = policy.backoff(afterAttempt: attempt, retryAfter: retryAfter)
            if wait > 0 {
                do {
                    try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                } catch {
                    return HTTPAttempts(outcome: .cancelled, attempts: attempt)
                }
            }
        }
    }

    /// One try, inside a slot of the limiter and after any shared rate-limit pause.
    private func sendOnce(_ request: HTTPRequest) async -> HTTPOutcome {
        await limiter.acquire()
        if let pause = await limiter.remainingPause() {
            try? await Task.sleep(for: pause)
        }
        let session = session
        let timeout = timeoutSeconds
        let outcome = await Task { await Self.perform(request, session: session, timeoutSeconds: timeout) }.value
        await limiter.release()
        return outcome
    }

    private static func perform(_ request: HTTPRequest, session: URLSession, timeoutSeconds: Double) async
        -> HTTPOutcome
    {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeoutSeconds)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let started = ContinuousClock.now
        do {
            let (data, response) =
                switch request.body {
                case .none: try await session.data(for: urlRequest)
                case .data(let body): try await session.upload(for: urlRequest, from: body)
                case .file(let path): try await session.upload(for: urlRequest, fromFile: URL(fileURLWithPath: path))
                }
            guard let http = response as? HTTPURLResponse else { return .unreachable("the answer is not HTTP") }
            var headers: [String: String] = [:]
            for case (let name as String, let value as String) in http.allHeaderFields { headers[name] = value }
            return .answered(HTTPAnswer(status: http.statusCode, headers: headers, body: data))
        } catch {
            let error = error as NSError
            // What URLSession says first: a refused connection reported late (a busy machine) is
            // still a refused connection, not a timeout.
            let unreachable = [
                NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
                NSURLErrorNotConnectedToInternet, NSURLErrorNetworkConnectionLost, NSURLErrorSecureConnectionFailed,
            ]
            if error.domain == NSURLErrorDomain && unreachable.contains(error.code) {
                return .unreachable(error.localizedDescription)
            }
            if error.domain == NSURLErrorDomain && error.code == NSURLErrorTimedOut
                || started.duration(to: .now) >= .milliseconds(Int64(timeoutSeconds * 1000))
            {
                return .timedOut
            }
            return .unreachable(error.localizedDescription)
        }
    }
}
