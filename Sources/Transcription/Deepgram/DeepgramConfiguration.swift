import Foundation

/// Where and how `DeepgramClient` calls Deepgram's hosted API. Tests point `baseURL` at a loopback
/// stand-in and shrink the backoff.
public struct DeepgramConfiguration: Sendable {
    public var baseURL: String
    public var apiKey: String
    public var model: String
    /// Tries per recording, the first included; 429, 5xx and network errors are tried again.
    public var maxAttempts: Int
    /// The wait before the second try, doubled before each next one (unless Deepgram says `Retry-After`).
    public var initialBackoffSeconds: Double
    /// The longest one try may take, upload and transcription together: long calls take minutes.
    public var timeoutSeconds: Double

    public init(
        apiKey: String, baseURL: String = "https://api.deepgram.com", model: String = "nova-2", maxAttempts: Int = 5,
        initialBackoffSeconds: Double = 1, timeoutSeconds: Double = 600
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.model = model
        self.maxAttempts = maxAttempts
        self.initialBackoffSeconds = initialBackoffSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    /// The defaults with the key from `DEEPGRAM_API_KEY`; the key is never taken from arguments, which
    /// other users can read in the process list.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TranscriptionError) -> DeepgramConfiguration {
        guard let key = environment["DEEPGRAM_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty
        else {
            throw .engineUnavailable(engine: "deepgram", reason: "set DEEPGRAM_API_KEY")
        }
        return DeepgramConfiguration(apiKey: key)
    }
}
