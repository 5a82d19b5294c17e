import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The loopback webhook receiver of `webhook_receiver.py`, one per test process; each test takes
/// its own URL so their deliveries stay apart.
public final class WebhookReceiver: @unchecked Sendable {
    // @unchecked: immutable after init.
    public struct Request: Decodable, Sendable {
        public let headers: [String: String]
        public let body: String
        /// When it arrived, in seconds since 1970.
        public let receivedAt: Double

        enum CodingKeys: String, CodingKey {
            case headers, body
            case receivedAt = "received_at"
        }
    }

    private let server: LoopbackServer

    public static func shared() throws -> WebhookReceiver { try instance.get() }
    private static let instance = Result {
        WebhookReceiver(server: try LoopbackServer(script: "webhook_receiver.py", arguments: []))
    }

    private init(server: LoopbackServer) {
        self.server = server
    }

    /// A URL of its own; the first `failFirst` POSTs to it are answered 500.
    public func url(failFirst: Int = 0) -> String {
        let id = UUID().uuidString.prefix(8)
        return "http://127.0.0.1:\(server.port)/" + (failFirst > 0 ? "fail-\(failFirst).\(id)" : String(id)) + "/hook"
    }

    /// A URL whose POSTs are redirected (307) to another host name of this receiver, where they
    /// would be recorded under the same prefix.
    public func redirectingURL() -> String {
        "http://127.0.0.1:\(server.port)/away.\(UUID().uuidString.prefix(8))/hook"
    }

    /// What the receiver accepted (2xx) at `url`, in arrival order.
    public func received(_ url: String) throws -> [Request] {
        let prefix = url.split(separator: "/")[2]
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(server.port)/\(prefix)/received")!)
        return try JSONDecoder().decode([Request].self, from: data)
    }
}
