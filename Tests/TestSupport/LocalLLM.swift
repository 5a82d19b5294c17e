import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real local LLM server (`make llm`: llama.cpp's server with Gemma 3 270M), started once per
/// test process on a free loopback port behind `local_llm.py`'s recording proxy, and stopped when
/// the process ends.
public final class LocalLLM: @unchecked Sendable {
    // @unchecked: immutable after init.
    /// What the server reported for one chat completion.
    public struct Completion: Decodable, Sendable {
        public let status: Int
        public let promptTokens: Int
        public let completionTokens: Int

        enum CodingKeys: String, CodingKey {
            case status
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    private let server: LoopbackServer

    public static func shared() throws -> LocalLLM { try instance.get() }
    private static let instance = Result {
        let server = try LoopbackServer(script: "local_llm.py", arguments: [])
        guard server.port > 0 else {
            throw Tool.Failure.failed(command: ["local_llm.py"], status: -1, stderr: server.banner)
        }
        return LocalLLM(server: server)
    }

    private init(server: LoopbackServer) {
        self.server = server
    }

    /// The OpenAI-compatible base URL (the proxy's).
    public var baseURL: String { "http://127.0.0.1:\(server.port)/v1" }
    /// The name the server knows the model by (scripts/llm-server.sh's alias).
    public static let model = "gemma-3-270m"

    /// Every chat completion the server has answered so far, in order.
    public func completions() throws -> [Completion] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(server.port)/_usage")!)
        return try JSONDecoder().decode([Completion].self, from: data)
    }
}
