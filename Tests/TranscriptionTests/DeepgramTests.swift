import Foundation
import TestSupport
import Testing
import Transcription

/// The Deepgram client against `deepgram_standin.py`, which answers as Deepgram's API does.
@Suite struct DeepgramTests {
    /// A configuration for `scenario` with a fresh base URL and backoff too short to slow the tests.
    static func configuration(
        _ scenario: DeepgramStandIn.Scenario, key: String = DeepgramStandIn.apiKey, maxAttempts: Int = 3
    ) throws -> DeepgramConfiguration {
        // A try's time limit is tested with the HTTP layer; here it only has to outlast a loaded machine:
        // in the full parallel run (Chromium, Whisper, PostgreSQL on 2 cores) an upload to the
        // stand-in twice took over 20 s to be answered.
        DeepgramConfiguration(
            apiKey: key, baseURL: try DeepgramStandIn.shared().baseURL(scenario), maxAttempts: maxAttempts,
            initialBackoffSeconds: 0.01, timeoutSeconds: 120)
    }

    static func details(_ error: any Error) -> [String: String] {
        (error as? TranscriptionError)?.details ?? [:]
    }

    @Test func aFileIsUploadedAndTheAnswerParsed() async throws {
        let path = try Fixtures.shared().speech[.mp3]!
        let configuration = try Self.configuration(.ok)
        let result = try await DeepgramClient.transcribe(
            file: path, url: nil, channels: 1, configuration: configuration)
        #expect(result.format == "deepgram")
        #expect(result.model == "nova-2")
        #expect(
            result.words.map(\.punctuatedWord) == [
                "Hello,", "this", "is", "Alex", "from", "Northwind.", "Hi,", "who's", "calling?",
            ])
        #expect(result.words.map(\.speaker) == [0, 0, 0, 0, 0, 0, 1, 1, 1])
        #expect(result.utterances?.map(\.speaker) == [0, 1])
        #expect(result.durationSeconds == 3.5)

        let received = try await DeepgramStandIn.shared().lastRequest(configuration.baseURL)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(received.bodySize == size)
        #expect(received.contentType == "application/octet-stream")
        #expect(received.attempts == 1)
        let parameters = received.parameters
        #expect(parameters["model"] == "nova-2")
        for flag in ["diarize", "utterances", "smart_format", "punctuate"] {
            #expect(parameters[flag] == "true", "\(flag)")
        }
        #expect(parameters["multichannel"] == nil)
    }

    @Test func aURLSourceIsSentAsJSON() async throws {
        let configuration = try Self.configuration(.ok)
        let source = "https://recordings.example.com/calls/42.mp3?token=abc"
        let result = try await DeepgramClient.transcribe(
            file: nil, url: source, channels: 1, configuration: configuration)
        #expect(result.words.count == 9)
        let received = try await DeepgramStandIn.shared().lastRequest(configuration.baseURL)
        #expect(received.contentType == "application/json")
        #expect(received.url == source)
    }

    @Test func twoChannelsAskForMultichannel() async throws {
        let configuration = try Self.configuration(.ok)
        let path = try Fixtures.shared().stereo[.wav]!
        let result = try await DeepgramClient.transcribe(
            file: path, url: nil, channels: 2, configuration: configuration)
        let received = try await DeepgramStandIn.shared().lastRequest(configuration.baseURL)
        #expect(received.parameters["multichannel"] == "true")
        #expect(result.channels == 2)
        #expect(result.words.map(\.channel) == [0, 0, 0, 0, 0, 0, 1, 1, 1])
        #expect(result.utterances?.map(\.channel) == [0, 1])
    }

    @Test func tooManyRequestsIsTriedAgain() async throws {
        let configuration = try Self.configuration(.fail429Twice)
        let path = try Fixtures.shared().speech[.wav]!
        let result = try await DeepgramClient.transcribe(
            file: path, url: nil, channels: 1, configuration: configuration)
        #expect(result.words.count == 9)
        #expect(try await DeepgramStandIn.shared().lastRequest(configuration.baseURL).attempts == 3)
    }

    /// Waits are checked from below only: a busy test machine can lengthen them, never shorten them.
    @Test func retryAfterOverridesTheBackoff() async throws {
        let configuration = try Self.configuration(.fail429TwiceAfter1)
        let path = try Fixtures.shared().speech[.wav]!
        _ = try await DeepgramClient.transcribe(file: path, url: nil, channels: 1, configuration: configuration)
        let received = try await DeepgramStandIn.shared().lastRequest(configuration.baseURL)
        #expect(received.attempts == 3)
        #expect(received.gaps.count == 2 && received.gaps.allSatisfy { $0 >= 1 }, "\(received.gaps)")
    }

    @Test func serverErrorsExhaustTheAttemptsWithDoublingWaits() async throws {
        var configuration = try Self.configuration(.always500, maxAttempts: 4)
        configuration.initialBackoffSeconds = 0.1
        let path = try Fixtures.shared().speech[.mp3]!
        await #expect {
            try await DeepgramClient.transcribe(file: path, url: nil, channels: 1, configuration: configuration)
        } throws: { error in
            let details = Self.details(error)
            return (error as? TranscriptionError)?.code == "transcription_failed" && details["http_status"] == "500"
                && details["attempts"] == "4" && details["err_msg"] == "We encountered an unexpected error."
                && details["source"] == path
        }
        let received = try await DeepgramStandIn.shared().lastRequest(configuration.baseURL)
        #expect(received.attempts == 4)
        #expect(
            received.gaps.count == 3 && zip(received.gaps, [0.1, 0.2, 0.4]).allSatisfy { $0 >= $1 }, "\(received.gaps)")
    }

    @Test func aBadRequestFailsAtOnce() async throws {
        let configuration = try Self.configuration(.badRequest)
        let path = try Fixtures.shared().speech[.mp3]!
        await #expect {
            try await DeepgramClient.transcribe(file: path, url: nil, channels: 1, configuration: configuration)
        } throws: { error in
            let details = Self.details(error)
            return (error as? TranscriptionError)?.code == "transcription_failed" && details["http_status"] == "400"
                && details["err_msg"]?.contains("corrupt or unsupported data") == true
                && (error as? TranscriptionError)?.message.contains("HTTP 400") == true
        }
        #expect(try await DeepgramStandIn.shared().lastRequest(configuration.baseURL).attempts == 1)
    }

    @Test func aWrongKeyFailsWithStatus401() async throws {
        let configuration = try Self.configuration(.ok, key: "not-the-key")
        let path = try Fixtures.shared().speech[.mp3]!
        await #expect {
            try await DeepgramClient.transcribe(file: path, url: nil, channels: 1, configuration: configuration)
        } throws: { error in
            let details = Self.details(error)
            return (error as? TranscriptionError)?.code == "transcription_failed" && details["http_status"] == "401"
                && details["err_code"] == "INVALID_AUTH" && details["err_msg"] == "Invalid credentials."
        }
        #expect(try await DeepgramStandIn.shared().lastRequest(configuration.baseURL).attempts == 1)
    }

    @Test func anUnreachableServerIsTriedThenFails() async throws {
        let configuration = DeepgramConfiguration(
            apiKey: DeepgramStandIn.apiKey, baseURL: "http://127.0.0.1:1", maxAttempts: 2, initialBackoffSeconds: 0.01,
            timeoutSeconds: 5)
        let path = try Fixtures.shared().speech[.mp3]!
        await #expect {
            try await DeepgramClient.transcribe(file: path, url: nil, channels: 1, configuration: configuration)
        } throws: { error in
            let details = Self.details(error)
            return (error as? TranscriptionError)?.code == "transcription_failed" && details["attempts"] == "2"
                && details["http_status"] == nil
        }
    }

    @Test func aMissingFileIsNotSent() async throws {
        let configuration = try Self.configuration(.ok)
        let path = try temporaryDirectory("deepgram") + "/gone.mp3"
        await #expect(throws: TranscriptionError.media(.notFound(path: path))) {
            try await DeepgramClient.transcribe(file: path, url: nil, channels: 1, configuration: configuration)
        }
        #expect(try await DeepgramStandIn.shared().lastRequest(configuration.baseURL).attempts == 0)
    }

    @Test func theKeyComesFromTheEnvironment() throws {
        #expect(throws: TranscriptionError.engineUnavailable(engine: "deepgram", reason: "set DEEPGRAM_API_KEY")) {
            try DeepgramConfiguration.fromEnvironment(["DEEPGRAM_API_KEY": " "])
        }
        let configuration = try DeepgramConfiguration.fromEnvironment(["DEEPGRAM_API_KEY": "abc123"])
        #expect(configuration.apiKey == "abc123")
        #expect(configuration.baseURL == "https://api.deepgram.com")
        #expect(configuration.model == "nova-2")
        #expect(configuration.maxAttempts == 5)
    }
}
