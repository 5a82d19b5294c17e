import Foundation

/// The truth file samples/generate.py writes beside each sample recording.
public struct SampleTruth: Decodable, Sendable {
    public struct Conversation: Decodable, Sendable {
        public let script: String
        public let kind: String
        public let isSalesConversation: Bool
        public let customerName: String?
        public let outcome: String?
        public let startSeconds: Double
        public let endSeconds: Double
    }

    public struct Turn: Decodable, Sendable {
        public let speaker: String
        public let start: Double
        public let end: Double
        public let text: String
    }

    public let recording: String
    public let durationSeconds: Double
    public let conversations: [Conversation]
    public let turns: [Turn]

    /// The samples, generated once per test process into the fixtures folder.
    public static let directory: Result<String, any Error> = Result {
        let directory = try temporaryDirectory("samples")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../samples/generate.py").standardized.path
        try Tool.run(["python3", script, directory])
        return directory
    }

    /// The truth of sample `name` (e.g. "workday", "renewal-call-stereo").
    public static func load(_ name: String) throws -> SampleTruth {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SampleTruth.self, from: Data(contentsOf: URL(fileURLWithPath: "\(try directory.get())/\(name).truth.json")))
    }
}
