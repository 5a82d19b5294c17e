import Foundation
import HTTP
import Media

/// Deepgram's hosted pre-recorded API (`POST /v1/listen`), asked for diarized, punctuated words and
/// utterances. The answer is read by the same parser as a Deepgram sidecar file.
public enum DeepgramClient {
    /// What to send: a local file is uploaded, an http(s) URL is fetched by Deepgram itself.
    private enum Source {
        case file(String)
        case url(String)

        var name: String {
            switch self {
            case .file(let path): path
            case .url(let url): url
            }
        }
    }

    /// Deepgram's error body: `{"err_code", "err_msg", "request_id"}`, or the newer
    /// `{"category", "message", "request_id"}`.
    private struct ErrorBody: Decodable {
        var errCode: String?
        var errMsg: String?
        var category: String?
        var message: String?
        var requestId: String?

        enum CodingKeys: String, CodingKey {
            case category, message
            case errCode = "err_code"
            case errMsg = "err_msg"
            case requestId = "request_id"
        }
    }

    /// Transcribes `file` (uploaded from disk) or `url` (fetched by Deepgram); name exactly one.
    /// `channels == 2` asks for one transcript per channel (a dialer's stereo: one party a side).
    ///
    /// 408, 429, 5xx and network errors are tried again, up to `maxAttempts`, after `Retry-After` seconds
    /// when Deepgram says so, else after a backoff doubled each time, never more than `timeoutSeconds`.
    /// Other statuses fail at once.
    public static func transcribe(
        file path: String?, url: String?, channels: Int, configuration: DeepgramConfiguration
    ) async throws(TranscriptionError) -> ImportedTranscript {
        let source = try source(file: path, url: url)
        let request = try request(for: source, channels: channels, configuration: configuration)
        let transport = HTTPTransport(timeoutSeconds: configuration.timeoutSeconds, maxConcurrency: 1)
        // No wait outlasts the timeout: a `Retry-After` of hours is as good as a refusal.
        let policy = RetryPolicy(
            maxAttempts: configuration.maxAttempts, initialBackoffSeconds: configuration.initialBackoffSeconds,
            maxBackoffSeconds: configuration.timeoutSeconds)
        let tried = await transport.send(request, retrying: policy)
        switch tried.outcome {
        case .answered(let answer) where answer.isSuccess:
            do {
                return try DeepgramResponse.parse(answer.body)
            } catch {
                throw .failed(
                    source: source.name, reason: "Deepgram's answer is not a transcript: \(error.reason)",
                    details: ["http_status": String(answer.status), "body": excerpt(answer.body)])
            }
        case .answered(let answer):
            throw refusal(
                status: answer.status, body: answer.body, source: source, attempts: tried.attempts,
                exhausted: RetryPolicy.isRetryable(status: answer.status))
        case .timedOut:
            throw .failed(
                source: source.name,
                reason: "Deepgram did not answer within \(Int(transport.timeoutSeconds)) s, \(tried.attempts) tries",
                details: ["attempts": String(tried.attempts)])
        case .unreachable(let why):
            throw .failed(
                source: source.name, reason: "Deepgram could not be reached in \(tried.attempts) tries: \(why)",
                details: ["attempts": String(tried.attempts)])
        case .cancelled:
            throw .failed(source: source.name, reason: "cancelled", details: ["attempts": String(tried.attempts)])
        }
    }

    private static func source(file: String?, url: String?) throws(TranscriptionError) -> Source {
        switch (file, url) {
        case (let path?, nil):
            do { try MediaSource(path).preflight() } catch { throw .media(error) }
            return .file(path)
        case (nil, let url?):
            guard let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw .failed(source: url, reason: "Deepgram fetches only http(s) URLs", details: [:])
            }
            return .url(url)
        default:
            throw .failed(
                source: "deepgram", reason: "name either a file or a URL to transcribe, not both", details: [:])
        }
    }

    private static func request(
        for source: Source, channels: Int, configuration: DeepgramConfiguration
    ) throws(TranscriptionError) -> HTTPRequest {
        let base =
            configuration.baseURL.hasSuffix("/") ? String(configuration.baseURL.dropLast()) : configuration.baseURL
        guard var components = URLComponents(string: base + "/v1/listen"),
            ["http", "https"].contains(components.scheme?.lowercased())
        else {
            throw .engineUnavailable(
                engine: "deepgram", reason: "the base URL \(configuration.baseURL) is not an http(s) URL")
        }
        components.queryItems =
            [
                URLQueryItem(name: "model", value: configuration.model),
                URLQueryItem(name: "diarize", value: "true"),
                URLQueryItem(name: "utterances", value: "true"),
                URLQueryItem(name: "smart_format", value: "true"),
                URLQueryItem(name: "punctuate", value: "true"),
            ] + (channels == 2 ? [URLQueryItem(name: "multichannel", value: "true")] : [])
        guard let endpoint = components.url else {
            throw .engineUnavailable(
                engine: "deepgram", reason: "the model name \(configuration.model) does not fit in a URL")
        }
        var headers = ["Authorization": "Token \(configuration.apiKey)"]
        switch source {
        case .file(let path):
            headers["Content-Type"] = "application/octet-stream"
            return HTTPRequest(url: endpoint, headers: headers, body: .file(path))
        case .url(let url):
            headers["Content-Type"] = "application/json"
            // Encoding a dictionary of strings cannot fail.
            let body = (try? JSONEncoder().encode(["url": url])) ?? Data()
            return HTTPRequest(url: endpoint, headers: headers, body: .data(body))
        }
    }

    /// `.failed` for an error status, with Deepgram's own words when its body has them.
    private static func refusal(
        status: Int, body: Data, source: Source, attempts: Int, exhausted: Bool
    ) -> TranscriptionError {
        let decoded = try? JSONDecoder().decode(ErrorBody.self, from: body)
        let said = (decoded?.errMsg ?? decoded?.message).map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
        var details = ["http_status": String(status), "attempts": String(attempts)]
        details["err_code"] = decoded?.errCode ?? decoded?.category
        details["err_msg"] = decoded?.errMsg ?? decoded?.message
        details["request_id"] = decoded?.requestId
        if said == nil, !body.isEmpty { details["body"] = excerpt(body) }
        let tries = exhausted && attempts > 1 ? " on each of \(attempts) tries" : ""
        return .failed(
            source: source.name, reason: "Deepgram answered HTTP \(status)\(tries)" + (said.map { ": \($0)" } ?? ""),
            details: details)
    }

    /// The start of a body, for error details.
    private static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return body.count > 300 ? text + "…" : text
    }
}
