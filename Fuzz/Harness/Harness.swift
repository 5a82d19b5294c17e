#if CALLSIFT_FUZZING
    import Manifests
    import Foundation
    import Scoring
    import TestSupport
    import Transcription

    @testable import LLM
    @testable import LLMEngines

    /// One coverage-guided fuzzer (libFuzzer) for every parser that reads bytes callsift does not
    /// control: manifests (YAML or JSON), URL lists (plain and CSV), sidecar transcripts (Deepgram and
    /// whisper JSON, SRT, WebVTT) and what a language model answers (the HTTP body, the analysis reply,
    /// the detection reply). `FUZZ_TARGET` names the parser; `make fuzz` runs each in turn. Built only
    /// with `CALLSIFT_FUZZ=1` and `-sanitize=fuzzer` (see the Makefile), so the normal build never sees it.
    ///
    /// A parser may refuse its input with a typed error (that is its job); the fuzzer looks for crashes,
    /// hangs, and leaks of memory across runs.
    enum FuzzTarget: String, CaseIterable {
        case manifest
        case urlList = "url-list"
        case urlCSV = "url-csv"
        case sidecar
        case llmBody = "llm-body"
        case llmAnalysis = "llm-analysis"
        case llmDetection = "llm-detection"
    }

    /// The parsers under test and what each is given, set up once per process.
    enum Harness {
        static let target: FuzzTarget = {
            guard let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"], let target = FuzzTarget(rawValue: name)
            else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(names)\n".utf8))
                exit(2)
            }
            return target
        }()

        /// A private folder for the files the file-reading parsers need, removed by the OS with /tmp.
        static let workFolder: String = {
            let path = NSTemporaryDirectory() + "callsift-fuzz-\(getpid())"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }()

        /// A manifest naming one URL list, for the list parsers: the list's bytes are the input.
        static func listManifest(_ list: String) -> String {
            let path = "\(workFolder)/list-manifest.yaml"
            try? "output: out\nsources:\n  - urls: \(list)\n    org_id: acme\n    rep_id: alex\n".write(
                toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        static let plainListManifest = listManifest("list.txt")
        static let csvListManifest = listManifest("list.csv")

        /// A real call, for the replies that quote it back.
        static let call: CallSlice = {
            let lines = [
                "REP: Hi Dana, this is Alex from Ledgerly. Thanks for taking the call.",
                "CUSTOMER: Sure. We run payroll for about forty people and it takes me two days a month.",
                "REP: What does that cost you today?", "CUSTOMER: Around six hundred a month, plus my time.",
                "REP: We would be four hundred a month for your size. Want to try a pilot?",
                "CUSTOMER: Let's do it. Send the paperwork over.",
            ]
            let transcript = ScriptedCall.transcript([lines])
            return CallSlice.cut(
                transcript, from: 0, to: transcript.durationSeconds, prospectName: "Dana", repName: "Alex")
        }()
        static let analyzer: LLMAnalyzer = {
            let endpoint = LLMEndpoint(baseURL: "http://127.0.0.1:9", model: "fuzz", timeoutSeconds: 1, maxAttempts: 1)
            return try! LLMAnalyzer(client: try! LLMClient(endpoint: endpoint), model: "fuzz")  // fixed arguments
        }()
        static let base = BuiltInAnalyzer().analyzeNow(call)
        static let details = EngineDetails(
            model: "fuzz", promptID: "analyze", promptVersion: "1", responseFormat: "none", playbookID: nil,
            promptOverrides: [],
            measurementsSent: [:],
            requests: 1)
        static let detectionText = DetectionTranscript(
            ScriptedCall.transcript([call.utterances.map { "REP: \($0.transcript)" }]), maxCharsPerUtterance: 200)

        static func write(_ data: Data, _ file: String) -> String {
            let path = "\(workFolder)/\(file)"
            _ = FileManager.default.createFile(atPath: path, contents: data)
            return path
        }

        static func fuzzOne(_ data: Data) {
            switch target {
            case .manifest:
                // Not discovered: a fuzzed `path: /` would walk the whole disk, which proves nothing.
                _ = try? Manifest.load(path: write(data, "manifest.yaml"))
            case .urlList:
                _ = write(data, "list.txt")
                if let manifest = try? Manifest.load(path: plainListManifest) { _ = SourceDiscovery.discover(manifest) }
            case .urlCSV:
                _ = write(data, "list.csv")
                if let manifest = try? Manifest.load(path: csvListManifest) { _ = SourceDiscovery.discover(manifest) }
            case .sidecar:
                _ = try? SidecarReader.read(path: write(data, "call.json"))
            case .llmBody:
                _ = try? ChatResponse.parse(data)
            case .llmAnalysis:
                if let reply = try? JSONExtraction.decode(
                    AnalyzerReply.self, from: String(decoding: data, as: UTF8.self), decoder: LLMAnalyzer.decoder),
                    reply.problem == nil
                {
                    _ = analyzer.merge(reply, into: base, call: call, details: details)
                }
            case .llmDetection:
                let window = 0...(detectionText.utterances.count - 1)
                _ = try? DetectionReply.parse(
                    String(decoding: data, as: UTF8.self), window: window, windowNumber: 1, in: detectionText)
            }
        }
    }

    extension Harness {
        /// Hands the process to libFuzzer, which reads its own flags (`-max_total_time=…`, a corpus folder).
        static func runLibFuzzer() -> Never {
            _ = target  // an unknown FUZZ_TARGET stops here, before libFuzzer starts
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runDriver(&argc, &argv, fuzzTestOneInput))
        }
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// libFuzzer's entry point: one input, any bytes.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
        Harness.fuzzOne(Data(bytes: bytes, count: count))
        return 0
    }
#endif
