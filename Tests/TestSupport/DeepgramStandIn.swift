import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The loopback stand-in for Deepgram's API of `deepgram_standin.py`. One per test process; each test
/// takes its own base URL, so concurrent tests keep their request counts apart.
public final class DeepgramStandIn: @unchecked Sendable {
    // @unchecked: immutable after init.

    /// What the stand-in does with a POST to `/v1/listen`.
    public enum Scenario: String, Sendable {
        /// A diarized answer with utterances; one result per channel when `multichannel=true`.
        case ok
        /// 429 with `Retry-After: 0` twice, then as `ok`.
        case fail429Twice = "fail-429-twice"
        /// 429 with `Retry-After: 1` twice, then as `ok`.
        case fail429TwiceAfter1 = "fail-429-twice-after-1"
        /// 500 every time.
        case always500 = "always-500"
        /// 400, as Deepgram answers audio it cannot decode.
        case badRequest = "bad-request"
    }

    /// What the last POST under a base URL carried, and how many POSTs came.
    public struct LastRequest: Decodable, Sendable {
        public let attempts: Int
        /// Seconds between consecutive POSTs: the client's waits, plus the time each try took.
        public let gaps: [Double]
        public let query: String?
        public let bodySize: Int?
        public let contentType: String?
        /// The `url` of a JSON body.
        public let url: String?

        enum CodingKeys: String, CodingKey {
            case attempts, gaps, query, url
            case bodySize = "body_size"
            case contentType = "content_type"
        }

        /// The query's parameters by name.
        public var parameters: [String: String] {
            var parameters: [String: String] = [:]
            for item in URLComponents(string: "?" + (query ?? ""))?.queryItems ?? [] {
                parameters[item.name] = item.value
            }
            return parameters
        }
    }

    /// The API key the stand-in accepts.
    public static let apiKey = "standin-key"

    private let server: LoopbackServer
    public var port: Int { server.port }

    private static let started: Result<DeepgramStandIn, any Error> = Result {
        DeepgramStandIn(server: try LoopbackServer(script: "deepgram_standin.py", arguments: [apiKey]))
    }

    public static func shared() throws -> DeepgramStandIn {
        try started.get()
    }

    private init(server: LoopbackServer) {
        self.server = server
    }

    /// A base URL of its own for one test, acting out `scenario`.
    public func baseURL(_ scenario: Scenario) -> String {
        "http://127.0.0.1:\(port)/\(scenario.rawValue).\(UUID().uuidString.prefix(8))"
    }

    /// What the stand-in last received under `baseURL`.
    public func lastRequest(_ baseURL: String) async throws -> LastRequest {
        let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/last-request")!)
        return try JSONDecoder().decode(LastRequest.self, from: data)
    }
}
