// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "callsift",
    products: [
        .executable(name: "callsift", targets: ["callsift"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.9.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // FFmpeg's C libraries. pkg-config names only -lavformat; the module map links the rest.
        .systemLibrary(
            name: "CFFmpeg",
            path: "Sources/CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libavutil-dev"])]
        ),
        // The one error shape (`CodedError`: code, message, details) every module's errors adopt, the one usage figure
        // (`Usage`: calls, requests, tokens, cost), blocking work off the cooperative pool.
        .target(name: "Core"),
        // Probe, streaming decode and stream-copy cut. The only module that touches C pointers.
        .target(name: "Media", dependencies: ["Core", "CFFmpeg"]),
        // The transcript model: words, utterances, speakers, speech regions and what the engine dropped or left
        // unheard, time spans. Value types only, free of FFmpeg and of every engine.
        .target(name: "Transcripts"),
        // Engines that make transcripts (whisper worker, sidecar files, Deepgram), diarization, roles, sentiment.
        .target(
            name: "Transcription", dependencies: ["Core", "Transcripts", "Media", "HTTP"],
            resources: [.copy("Resources/whisper_worker.py"), .copy("Resources/voice_embedding.py")]),
        // Which spans of a long transcript are separate conversations, of what kind, with what outcome.
        .target(name: "Conversations", dependencies: ["Core", "Transcripts"]),
        // The six-pillar V5 analysis of one conversation: measures, scores with evidence, playbooks.
        .target(name: "Scoring", dependencies: ["Core", "Transcripts", .product(name: "Yams", package: "Yams")]),
        // Progress in SQLite through GRDB, or in PostgreSQL through postgres-nio: recordings, leases, chunks, sessions,
        // events, outbox, runs. All SQL lives here.
        .target(
            name: "Store",
            dependencies: [
                "Core", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        // The one HTTP layer of the LLM, Deepgram and webhook clients: async-http-client, timeouts, retries with backoff
        // and Retry-After, a shared concurrency limit, redirects that never carry a key or a signature to another host.
        .target(name: "HTTP", dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // An OpenAI-compatible chat-completions client: retries, a shared concurrency limit, usage and cost, tolerant JSON.
        .target(name: "LLM", dependencies: ["Core", "HTTP"]),
        // The detect and analyze stages on an LLM endpoint: prompts (versioned files), validation, repair, fallback to built-in.
        .target(
            name: "LLMEngines",
            dependencies: [
                "Core", "LLM", "Conversations", "Scoring", "Transcripts",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Prompts")]),
        // The all-day session and analysis records, ids, the bundle's files, and detect + analyze over one transcript.
        .target(
            name: "Sessions",
            dependencies: [
                "Core", "Media", "Transcripts", "Conversations", "Scoring",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The manifest (YAML or JSON): its validation, the session request's options, discovery of the recordings it names.
        .target(
            name: "Manifests", dependencies: ["Sessions", "Media", "Scoring", .product(name: "Yams", package: "Yams")]),
        // report.html of a bundle and the rollup page (Mustache), their figures, over the records and the store.
        .target(
            name: "Reports",
            dependencies: [
                "Sessions", "Store", "Scoring", "Transcripts", .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // The run: the scheduler and one recording's job, events and webhooks.
        .target(
            name: "Batch",
            dependencies: [
                "Core", "Media", "Transcripts", "Transcription", "Conversations", "Scoring", "Store", "LLM",
                "LLMEngines", "HTTP",
                "Sessions", "Manifests", "Reports", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `callsift mcp`: the all-day session tools for AI agents, over stdio (the official MCP SDK).
        .target(
            name: "MCPServer",
            dependencies: [
                "Core", "HTTP", "Sessions", "Manifests", "Reports", "Batch", "Store",
                .product(name: "MCP", package: "swift-sdk"),
            ]),
        // The command-line tool: parses arguments, calls the library, prints.
        .executableTarget(
            name: "callsift",
            dependencies: [
                "Core",
                "Media",
                "Transcripts",
                "Transcription",
                "Conversations",
                "Scoring",
                "Sessions",
                "Manifests",
                "Reports",
                "Batch",
                "Store",
                "MCPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `make bench`: in-process figures side by side with ffprobe / ffmpeg.
        .executableTarget(
            name: "callsift-bench",
            dependencies: [
                "Media", "Transcripts", "Transcription", "Conversations", "Scoring", "Sessions", "Batch", "Store",
                "TestSupport",
            ]),
        // Generated media fixtures and a loopback HTTP server, shared by the tests and the benchmark.
        .target(
            name: "TestSupport", dependencies: ["Transcripts", "Conversations"], path: "Tests/TestSupport",
            exclude: [
                "fixture_server.py", "deepgram_standin.py", "loopback.py", "webhook_receiver.py", "openai_standin.py",
                "real_dialogues.py", "postgres_server.py", "slurm_cluster.py", "mcp_agent.py", "local_llm.py",
            ]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "TestSupport"]),
        .testTarget(name: "TranscriptionTests", dependencies: ["Transcripts", "Transcription", "TestSupport"]),
        .testTarget(
            name: "ConversationsTests", dependencies: ["Conversations", "Transcripts", "Transcription", "TestSupport"],
            // Read through #filePath: text corpora, not resources of the test bundle.
            exclude: ["Closings"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Transcripts", "TestSupport"]),
        .testTarget(
            name: "BatchTests",
            dependencies: [
                "Batch", "Sessions", "Manifests", "Reports", "Scoring", "Conversations", "Transcripts", "Store",
                "HTTP", "TestSupport",
            ]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifests", "Sessions", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "HTTP", "TestSupport"]),
        .testTarget(
            name: "LLMEnginesTests",
            dependencies: ["LLMEngines", "LLM", "Conversations", "Scoring", "Transcripts", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["callsift", "Store", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzzers (`make fuzz`): one libFuzzer binary for every parser of untrusted bytes. Declared only
// when CALLSIFT_FUZZ is set, because it links only when built with `-sanitize=fuzzer`.
if Context.environment["CALLSIFT_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "callsift-fuzz",
            dependencies: ["Manifests", "LLM", "LLMEngines", "Scoring", "Transcription", "TestSupport"],
            path: "Fuzz/Harness",
            swiftSettings: [.define("CALLSIFT_FUZZING")]))
}
