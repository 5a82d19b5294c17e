import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The one way callsift talks HTTP: the LLM, Deepgram and webhook clients all send through it.
/// It holds what they share: a timeout per try, redirects followed only to the same host (see
/// `SameHostRedirects`), a concurrency limit with a shared `Retry-After` pause, and the retry loop.
///
/// async-http-client (SwiftNIO) does the talking. Foundation's URLSession did until a local model
/// made answers slow: on Linux it busy-waits for the answer, one core at 100% for as long as the
/// server thinks (5.4 CPU seconds over an 8-second wait, measured here), which halved a local
/// LLM server's speed on two cores. Each request runs in a task of its own, and a cancelled caller
/// stops at the next try.
public final class HTTPTransport: Sendable {
    /// The timeout of one try, in whole seconds.
    public let timeoutSeconds: Double
    private let limiter: ConcurrencyLimiter

    /// One client for the process, on NIO's shared event loops; redirects are followed here, not
    /// by the client (same origin only). Never shut down: it lives as long as the process.
    /// A refused connection is an answer at once (the retry policy decides what next), not
    /// something the pool tries again until the deadline.
    private static let client: HTTPClient = {
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60))
        pool.retryConnectionEstablishment = false
        return HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(30)), connectionPool: pool,
                decompression: .enabled(limit: .none)))
    }()

    /// The longest answer read into memory (an LLM's reply, a Deepgram transcript of a long day).
    static let largestAnswer = 256 << 20

    public init(timeoutSeconds: Double, maxConcurrency: Int = 4) {
        self.timeoutSeconds = max(1, timeoutSeconds.rounded(.up))
        limiter = ConcurrencyLimiter(limit: maxConcurrency)
    }

    /// Sends `request`, trying again while `policy` says the outcome is worth it. `beforeTry` is told
    /// each try's number (1 for the first) before it goes out, for the caller's usage figures.
    /// `handledByCaller` picks out answers the caller deals with itself (a server's refusal of one
    /// form of a request, asked again in another): those are never tried again as they were.
    public func send(
        _ request: HTTPRequest, retrying policy: RetryPolicy = .once, beforeTry: @Sendable (Int) -> Void = { _ in },
        handledByCaller: @Sendable (HTTPAnswer) -> Bool = { _ in false }
    ) async -> HTTPAttempts {
        var attempt = 0
        while true {
            if Task.isCancelled { return HTTPAttempts(outcome: .cancelled, attempts: attempt) }
            attempt += 1
            beforeTry(attempt)
            let outcome = await sendOnce(request)
            if case .answered(let answer) = outcome, handledByCaller(answer) {
                return HTTPAttempts(outcome: outcome, attempts: attempt)
            }
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
        let timeout = timeoutSeconds
        let outcome = await Task { await Self.perform(request, timeoutSeconds: timeout) }.value
        await limiter.release()
        return outcome
    }

    /// One try: the request and the same-origin redirects it leads to, within `timeoutSeconds`,
    /// raced against a timer of its own. async-http-client's deadline holds only until the answer's
    /// head, and under a full parallel test run its event loop timer fired after a 5-second answer
    /// had come in; the timer here cancels the request, which the client supports.
    private static func perform(_ request: HTTPRequest, timeoutSeconds: Double) async -> HTTPOutcome {
        let limit = Duration.milliseconds(Int64(timeoutSeconds * 1000))
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeoutSeconds * 1000))
        let started = ContinuousClock.now
        do {
            return try await withThrowingTaskGroup(of: HTTPOutcome.self) { group in
                group.addTask {
                    var current = request
                    for _ in 0...SameHostRedirects.limit {
                        let answer = try await answer(current, deadline: deadline)
                        guard let next = SameHostRedirects.next(after: answer, to: current) else {
                            return .answered(answer)
                        }
                        current = next
                    }
                    return .unreachable("more than \(SameHostRedirects.limit) redirects")
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return .timedOut
                }
                let first = try await group.next() ?? .timedOut
                group.cancelAll()
                return first
            }
        } catch {
            // What the network says first: a refused connection reported late (a busy machine) is
            // still a refused connection, not a timeout.
            if isRefused(error) { return .unreachable("connection refused") }
            if let failure = error as? HTTPClientError,
                [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(failure)
            {
                return .timedOut
            }
            if started.duration(to: .now) >= limit { return .timedOut }
            return .unreachable(describe(error))
        }
    }

    private static func answer(_ request: HTTPRequest, deadline: NIODeadline) async throws -> HTTPAnswer {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        switch request.body {
        case .none:
            break
        case .data(let body):
            outgoing.body = .bytes(ByteBuffer(data: body))
        case .file(let path):
            outgoing.body = try fileBody(path)
        }
        let response = try await client.execute(outgoing, deadline: deadline)
        let body = try await response.body.collect(upTo: largestAnswer)
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        return HTTPAnswer(status: Int(response.status.code), headers: headers, body: Data(buffer: body))
    }

    /// A file streamed from disk a megabyte at a time (recordings run to hours), with its length.
    private static func fileBody(_ path: String) throws -> HTTPClientRequest.Body {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> {
            guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else {
                try? handle.close()
                return nil
            }
            return ByteBuffer(data: data)
        }
        return .stream(chunks, length: .known(Int64(size)))
    }

    /// A connection the server's host refused (nothing listens on the port).
    private static func isRefused(_ error: any Error) -> Bool {
        let text = String(describing: error)
        return text.contains("connectionRefused") || text.contains("Connection refused")
            || text.contains("ECONNREFUSED")
    }

    /// What a person reads of a network failure, shortened.
    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
