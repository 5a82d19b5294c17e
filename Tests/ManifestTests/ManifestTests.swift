import Foundation
import Manifests
import Sessions
import TestSupport
import Testing

/// The manifest (settings, the session request API's validation, where each problem is) and discovery (folders,
/// URL lists, single entries, duplicates).
@Suite struct ManifestTests {
    /// Writes `files` (path relative to a new temporary folder → contents) and returns the folder.
    static func folder(_ files: [String: String] = [:]) throws -> String {
        let root = try temporaryDirectory("manifest")
        for (path, contents) in files {
            let full = "\(root)/\(path)"
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The 1-based line of the first line of `text` that contains `needle`.
    static func line(_ needle: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }! + 1
    }

    /// `(line, field, code)` of each problem: what a person is pointed to.
    static func places(_ problems: [ManifestProblem]) -> [String] {
        problems.map { "\($0.line.map(String.init) ?? "-") \($0.field) \($0.code.rawValue)" }
    }

    // MARK: - A whole manifest

    @Test func aFullManifestReadsEverySetting() throws {
        let yaml = """
            # nightly run
            output: out/bundles
            database: state/progress.sqlite
            segments_audio: false
            on_truncated: fail
            callback_secret: cb-s3cret
            playbooks: playbooks
            defaults:
              org_id: northwind
              rep_id: alex
              options:
                min_confidence: 0.7
                auto_analyze: true
                language: en
                prompt_overrides:
                  - title: Tone
                    content: Be kind.
              metadata: {team: east, shift: 2}
            engines:
              transcriber:
                name: deepgram
                settings: {model: nova-2, smart_format: true}
              detector: builtin
              analyzer: {name: builtin}
            concurrency:
              recordings: 3
              analyses_per_recording: 2
            webhooks:
              - url: https://hooks.example.com/callsift
                secret: s3cret
                events: [analysis.completed, all_day_session.failed]
              - url: http://localhost:9000/all
            webhook_retry: {first_seconds: 5, attempts: 4}
            sources:
              - path: calls
                include: ["*.mp3"]
                exclude: "skip-*"
                recursive: true
                rep_id: sam
                options: {min_confidence: 0.9}
                metadata: {team: west}
              - urls: lists/urls.txt
              - recording_url: https://cdn.example.com/day.mp3?sig=1
                options: {auto_analyze: false, skip_diarization: true, callback_url: "https://me.example.com/cb", playbook_id: pb-1, playbook_content: "Ask about budget."}
              - file: one.wav
                org_id: contoso
            """
        let root = try Self.folder([
            "nightly.yaml": yaml, "playbooks/default.yaml": "", "calls/a.mp3": "x", "calls/skip-b.mp3": "x",
            "calls/deep/c.mp3": "x",
            "lists/urls.txt": "https://cdn.example.com/1.mp3\n", "one.wav": "x",
        ])
        let manifest = try Manifest.load(path: "\(root)/nightly.yaml")
        #expect(manifest.problems == [])
        #expect(manifest.file == "\(root)/nightly.yaml")
        #expect(manifest.output == "\(root)/out/bundles")
        #expect(manifest.database == "\(root)/state/progress.sqlite")
        #expect(manifest.segmentsAudio == false)
        #expect(manifest.failOnTruncated && manifest.callbackSecret == "cb-s3cret")
        #expect(manifest.playbooks == "\(root)/playbooks")
        #expect(manifest.defaults.orgID == "northwind")
        #expect(manifest.defaults.options.promptOverrides == [.init(title: "Tone", content: "Be kind.")])
        #expect(manifest.defaults.metadata == ["team": .string("east"), "shift": .number(2)])
        #expect(
            manifest.engines.transcriber
                == .init(.deepgram, settings: ["model": .string("nova-2"), "smart_format": .bool(true)]))
        #expect(manifest.engines.detector == .init(.builtin))
        #expect(manifest.engines.analyzer == .init(.builtin))
        #expect(manifest.concurrency == .init(recordings: 3, analysesPerRecording: 2))
        #expect(
            manifest.webhooks == [
                .init(
                    url: "https://hooks.example.com/callsift", secret: "s3cret", events: [.analysisCompleted, .failed]),
                .init(url: "http://localhost:9000/all"),
            ])
        #expect(manifest.webhookRetry == .init(firstSeconds: 5, attempts: 4))
        #expect(manifest.webhookRetry.delay(after: 3) == 20 && manifest.webhookRetry.delay(after: 20) == 3600)
        #expect(manifest.sources.map(\.field) == ["sources[0]", "sources[1]", "sources[2]", "sources[3]"])
        let lines = ["- path: calls", "- urls:", "- recording_url:", "- file:"].map { Self.line($0, in: yaml) }
        #expect(manifest.sources.map(\.line) == lines)
        guard case .folder(let folder) = manifest.sources[0].kind else {
            Issue.record("not a folder")
            return
        }
        #expect(folder.path == "\(root)/calls")
        #expect(folder.include == ["*.mp3"] && folder.exclude == ["skip-*"] && folder.recursive)
        #expect(manifest.sources[1].kind == .urlList(path: "\(root)/lists/urls.txt"))
        #expect(manifest.sources[2].kind == .recordingURL("https://cdn.example.com/day.mp3?sig=1"))
        #expect(manifest.sources[3].kind == .file(path: "\(root)/one.wav"))

        let (items, problems) = SourceDiscovery.discover(manifest)
        #expect(problems == [])
        #expect(
            items.map(\.source) == [
                "\(root)/calls/a.mp3", "\(root)/calls/deep/c.mp3", "https://cdn.example.com/1.mp3",
                "https://cdn.example.com/day.mp3?sig=1",
                "\(root)/one.wav",
            ])
        #expect(
            items.map(\.origin) == [
                "nightly.yaml:\(lines[0])", "nightly.yaml:\(lines[0])", "urls.txt:1", "nightly.yaml:\(lines[2])",
                "nightly.yaml:\(lines[3])",
            ])
        #expect(items.map(\.orgID) == ["northwind", "northwind", "northwind", "northwind", "contoso"])
        #expect(items.map(\.repID) == ["sam", "sam", "alex", "alex", "alex"])
        let url = items[3].options
        #expect(url.autoAnalyze == false && url.skipDiarization == true && url.minConfidence == 0.7)
        #expect(
            url.callbackURL == "https://me.example.com/cb" && url.playbookID == "pb-1"
                && url.playbookContent == "Ask about budget.")
    }

    @Test func leftOutSettingsTakeTheirDefaults() throws {
        let root = try Self.folder([
            "night.yml":
                "output: out\nsources:\n  - recording_url: https://example.com/a.mp3\n    org_id: o\n    rep_id: r\n"
        ])
        let manifest = try Manifest.load(path: "\(root)/night.yml")
        #expect(manifest.database == "\(root)/night.sqlite")
        #expect(manifest.engines == Manifest.Engines())
        #expect(manifest.engines.transcriber.name == .whisper)
        #expect(manifest.concurrency.recordings == nil)
        #expect(manifest.concurrency.analysesPerRecording == 5)
        #expect(manifest.segmentsAudio)
        #expect(manifest.webhooks.isEmpty && manifest.playbooks == nil)
        #expect(manifest.webhookRetry == .init(firstSeconds: 30, attempts: 10))
        #expect(manifest.sources[0].options == RecordingOptions())
    }

    @Test func pathsAreRelativeToTheManifestsFolder() throws {
        let root = try Self.folder([
            "sub/m.yaml": "output: ../out\nsources:\n  - file: ./x/../../calls/a.mp3\n    org_id: o\n    rep_id: r\n"
        ])
        let manifest = try Manifest.load(path: "\(root)/sub/./m.yaml")
        #expect(manifest.file == "\(root)/sub/m.yaml")
        #expect(manifest.output == "\(root)/out")
        #expect(manifest.database == "\(root)/sub/m.sqlite")
        #expect(manifest.sources[0].kind == .file(path: "\(root)/calls/a.mp3"))
    }

    // MARK: - The session request API's rules, each with its field and line

    @Test func everyRuleNamesItsFieldAndLine() throws {
        let long = String(repeating: "a", count: 257)
        let yaml = """
            output: out
            defaults: {org_id: northwind, rep_id: alex}
            sources:
              - recording_url: https://example.com/good.mp3
              - recording_url: https://example.com/1.mp3
                org_id: "north wind"
              - recording_url: https://example.com/2.mp3
                rep_id: \(long)
              - recording_url: https://example.com/3.mp3
                rep_id: ""
              - recording_url: ftp://example.com/4.mp3
              - recording_url: /calls/5.mp3
              - recording_url: https://example.com/6.mp3
                file: calls/6.mp3
              - org_id: lonely
              - file: \(String(repeating: "f", count: 513))
              - recording_url: https://example.com/7.mp3
                options:
                  min_confidence: 1.5
              - recording_url: https://example.com/8.mp3
                options: {min_confidence: high}
              - recording_url: https://example.com/9.mp3
                options: {auto_analyze: "true"}
              - recording_url: https://example.com/10.mp3
                options: {skip_diarization: 1}
              - recording_url: https://example.com/11.mp3
                options: {callback_url: "example.com/hook"}
              - recording_url: https://example.com/12.mp3
                options: {language: [en]}
              - recording_url: https://example.com/13.mp3
                options:
                  prompt_overrides:
                    - title: Tone
              - recording_url: https://example.com/14.mp3
                metadata: [a, b]
              - recording_url: https://example.com/15.mp3
                recursve: true
              - recording_url: https://example.com/16.mp3
                include: ["*.mp3"]
              - path: calls/{rep}/*.mp3
              - path: calls/rep-{rep_id}/*.mp3
              - path: calls/{rep_id}/{rep_id}/
              - path: calls/{date}.mp3
              - recording_url: https://example.com/17.mp3
                options: {playbook_id: null, colour: blue}
              - recording_url: https://example.com/18.mp3
                options: {language: spanish}
            """
        let root = try Self.folder(["m.yaml": yaml])
        let manifest = try Manifest.load(path: "\(root)/m.yaml")
        func at(_ needle: String) -> Int { Self.line(needle, in: yaml) }
        let expected = [
            "\(at("north wind")) sources[1].org_id invalid_field",
            "\(at(long)) sources[2].rep_id invalid_field",
            "\(at("rep_id: \"\"")) sources[3].rep_id invalid_field",
            "\(at("ftp://")) sources[4].recording_url invalid_field",
            "\(at("/calls/5.mp3")) sources[5].recording_url invalid_field",
            "\(at("6.mp3")) sources[6] invalid_source",
            "\(at("lonely")) sources[7] invalid_source",
            "\(at("fffff")) sources[8].file invalid_field",
            "\(at("1.5")) sources[9].options.min_confidence invalid_field",
            "\(at("high")) sources[10].options.min_confidence invalid_field",
            "\(at("\"true\"")) sources[11].options.auto_analyze invalid_field",
            "\(at("skip_diarization: 1")) sources[12].options.skip_diarization invalid_field",
            "\(at("example.com/hook")) sources[13].options.callback_url invalid_field",
            "\(at("[en]")) sources[14].options.language invalid_field",
            "\(at("title: Tone")) sources[15].options.prompt_overrides[0].content missing_field",
            "\(at("[a, b]")) sources[16].metadata invalid_field",
            "\(at("recursve")) sources[17].recursve unknown_field",
            "\(at("include")) sources[18].include invalid_field",
            "\(at("{rep}")) sources[19].path invalid_field",
            "\(at("rep-{rep_id}")) sources[20].path invalid_field",
            "\(at("{rep_id}/{rep_id}")) sources[21].path invalid_field",
            "\(at("{date}.mp3")) sources[22].path invalid_field",
            "\(at("colour")) sources[23].options.colour unknown_field",
            "\(at("colour")) sources[23].options.playbook_id invalid_field",
            "\(at("spanish")) sources[24].options.language invalid_field",
        ]
        #expect(Self.places(manifest.problems) == expected)
        #expect(manifest.problems.allSatisfy { $0.file == "\(root)/m.yaml" })
        // The one good source goes on.
        #expect(manifest.sources.map(\.field) == ["sources[0]"])
        #expect(SourceDiscovery.discover(manifest).items.map(\.source) == ["https://example.com/good.mp3"])

        let messages = manifest.problems.map(\.message)
        #expect(messages[0].contains("letters A–Z a–z, digits and . _ : -"))
        #expect(messages[1] == "must be at most 256 characters, got 257")
        #expect(messages[4].contains("not an absolute http(s) URL"))
        #expect(messages[5] == "recording_url and file are mutually exclusive: write one source for each")
        #expect(messages[8] == "must be between 0 and 1, got \"1.5\"")
        #expect(messages[16] == "unknown field \"recursve\": did you mean \"recursive\"?")
        #expect(messages[18] == "unknown placeholder {rep}: use {rep_id}, {org_id} or {date}")
        #expect(
            messages[24]
                == "language is a language code of 2 or 3 letters, with a region or not (en, es, pt-BR...), or auto, got \"spanish\""
        )
    }

    @Test func identifiersAtTheirLimitsAreValid() throws {
        let id = "A-z_0.9:" + String(repeating: "x", count: 248)
        let yaml =
            "output: out\nsources:\n  - recording_url: https://example.com/a.mp3\n    org_id: \(id)\n    rep_id: \"0042\"\n  - file: \(String(repeating: "f", count: 512))\n    org_id: o\n    rep_id: r\n"
        let root = try Self.folder(["m.yaml": yaml])
        let manifest = try Manifest.load(path: "\(root)/m.yaml")
        #expect(manifest.problems == [])
        #expect(manifest.sources.map(\.orgID) == [id, "o"])
        #expect(manifest.sources[0].repID == "0042")
    }

    @Test func metadataKeysThatReadTheSameAreDuplicates() throws {
        let yaml =
            "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - recording_url: https://e.com/a.mp3\n    metadata:\n      1: one\n      \"1\": also one\n"
        let root = try Self.folder(["m.yaml": yaml])
        let manifest = try Manifest.load(path: "\(root)/m.yaml")
        #expect(Self.places(manifest.problems) == ["7 sources[0].metadata.1 duplicate_field"])
        #expect(manifest.sources.isEmpty)
    }

    @Test func aProblemSaysWhereItIs() {
        let problem = ManifestProblem(
            file: "/m.yaml", line: 14, field: "sources[2].options.min_confidence", code: .invalidField,
            message: "must be between 0 and 1, got \"1.5\"")
        #expect(
            problem.description
                == "/m.yaml:14: sources[2].options.min_confidence: must be between 0 and 1, got \"1.5\" (invalid_field)"
        )
        #expect(
            ManifestProblem(file: "/m.yaml", line: nil, field: "", code: .invalidManifest, message: "no such file")
                .description
                == "/m.yaml: no such file (invalid_manifest)")
    }

    // MARK: - What stops the whole manifest

    @Test func wrongSettingsStopTheRunWithEveryProblemInFileOrder() throws {
        let yaml = """
            output: out
            concurency: {recordings: 2}
            concurrency:
              recordings: 0
              analyses_per_recording: 6
            engines:
              transcriber: openai
              detector: {name: builtin, settings: 3}
            defaults:
              options: {min_confidence: -0.1}
            webhooks:
              - url: https://example.com/hook
                events: [analysis.done]
              - secret: x
            webhook_retry: {first_seconds: 0.5, attempts: 0}
            playbooks: missing-folder
            segments_audio: sometimes
            on_truncated: always
            sources:
              - recording_url: nope
            """
        let root = try Self.folder(["m.yaml": yaml])
        let error = try #require(throws: ManifestError.self) { try Manifest.load(path: "\(root)/m.yaml") }
        func at(_ needle: String) -> Int { Self.line(needle, in: yaml) }
        #expect(
            Self.places(error.problems) == [
                "2 concurency unknown_field",
                "4 concurrency.recordings invalid_field",
                "5 concurrency.analyses_per_recording invalid_field",
                "7 engines.transcriber invalid_field",
                "8 engines.detector.settings invalid_field",
                "10 defaults.options.min_confidence invalid_field",
                "13 webhooks[0].events[0] invalid_field",
                "14 webhooks[1].url missing_field",
                "15 webhook_retry.first_seconds invalid_field",
                "15 webhook_retry.attempts invalid_field",
                "16 playbooks invalid_field",
                "17 segments_audio invalid_field",
                "18 on_truncated invalid_field",
                "20 sources[0].recording_url invalid_field",
            ])
        #expect(error.problems[0].message == "unknown field \"concurency\": did you mean \"concurrency\"?")
        #expect(error.problems[3].message == "\"openai\" is not one of: whisper, sidecar, deepgram")
        #expect(error.description.split(separator: "\n").count == 14)
        #expect(error.problems[8].message == "must be 1 to 3600 seconds, got 0.5")
    }

    @Test func anLLMEndpointIsReadAndChecked() throws {
        let good = """
            output: out
            engines:
              detector: llm
              analyzer: {name: llm}
              llm:
                base_url: http://localhost:11434/v1
                model: llama3.1:8b
                api_key_env: OPENAI_API_KEY
                timeout_seconds: 30
                max_concurrency: 2
                prices: {input_usd_per_million: 0.15, output_usd_per_million: 0.6}
            sources:
              - file: a.mp3
            """
        let manifest = try Manifest.load(path: "\(try Self.folder(["m.yaml": good]))/m.yaml")
        #expect(manifest.engines.detector.name == .llm && manifest.engines.analyzer.name == .llm)
        let llm = try #require(manifest.engines.llm)
        #expect(
            llm.baseURL == "http://localhost:11434/v1" && llm.model == "llama3.1:8b"
                && llm.apiKeyEnv == "OPENAI_API_KEY")
        #expect(llm.timeoutSeconds == 30 && llm.maxConcurrency == 2 && llm.maxAttempts == 4)
        #expect(llm.inputUSDPerMillion == 0.15 && llm.outputUSDPerMillion == 0.6)

        let bad = """
            output: out
            engines:
              analyzer: llm
              llm:
                base_url: localhost:8000
                api_key_env: sk-live-123
                max_concurrency: 0
                prices: {input_usd_per_million: -1}
            sources:
              - file: a.mp3
            """
        let error = try #require(throws: ManifestError.self) {
            try Manifest.load(path: "\(try Self.folder(["m.yaml": bad]))/m.yaml")
        }
        #expect(
            Self.places(error.problems) == [
                "5 engines.llm.base_url invalid_field", "5 engines.llm.model missing_field",
                "6 engines.llm.api_key_env invalid_field",
                "7 engines.llm.max_concurrency invalid_field",
                "8 engines.llm.prices.input_usd_per_million invalid_field",
            ])
        let missing = "output: out\nengines: {analyzer: llm}\nsources:\n  - file: a.mp3\n"
        let none = try #require(throws: ManifestError.self) {
            try Manifest.load(path: "\(try Self.folder(["m.yaml": missing]))/m.yaml")
        }
        #expect(none.problems.map(\.message) == ["engines.analyzer is llm: add engines.llm with base_url and model"])
    }

    @Test(arguments: [
        ("", "-  invalid_manifest", "is empty"),
        ("- output: out\n", "1  invalid_manifest", "top level must be a mapping"),
        ("output: out\nsources: [\n", "3  invalid_manifest", "is not valid YAML"),
        ("output: out\n  bad: indent\n", "2  invalid_manifest", "is not valid YAML"),
        ("output: out\noutput: again\nsources: []\n", "1  duplicate_field", "\"output\" given twice"),
        ("sources:\n  - file: a.mp3\n", "1 output missing_field", "output is required"),
        ("output: out\n", "1 sources missing_field", "sources is required"),
        ("output: out\nsources: []\n", "2 sources invalid_field", "is empty"),
        ("output: [out]\nsources: {path: x}\n", "1 output invalid_field", "must be a string"),
    ])
    func anUnusableManifestThrows(yaml: String, place: String, message: String) throws {
        let root = try Self.folder(["m.yaml": yaml])
        let error = try #require(throws: ManifestError.self) { try Manifest.load(path: "\(root)/m.yaml") }
        #expect(Self.places(error.problems).first == place)
        #expect(error.problems.first?.message.contains(message) == true, "\(error.problems)")
    }

    @Test func aMissingManifestOrAFolderThrows() throws {
        let root = try Self.folder()
        let missing = try #require(throws: ManifestError.self) { try Manifest.load(path: "\(root)/nope.yaml") }
        #expect(
            missing.problems == [
                ManifestProblem(
                    file: "\(root)/nope.yaml", line: nil, field: "", code: .invalidManifest, message: "no such file")
            ])
        let folder = try #require(throws: ManifestError.self) { try Manifest.load(path: root) }
        #expect(folder.problems.map(\.message) == ["is a folder, not a manifest file"])
    }

    @Test func concurrencyAcceptsAutoAndItsBounds() throws {
        for (text, expected) in [
            ("recordings: auto", Manifest.Concurrency()),
            ("recordings: 1\n  analyses_per_recording: 1", .init(recordings: 1, analysesPerRecording: 1)),
            ("recordings:\n  analyses_per_recording: 5", .init()),
        ] {
            let root = try Self.folder([
                "m.yaml": "output: out\nconcurrency:\n  \(text)\nsources:\n  - recording_url: https://e.com/a.mp3\n"
            ])
            #expect(try Manifest.load(path: "\(root)/m.yaml").concurrency == expected)
        }
        // 64 at most: each recording at once holds a speech worker.
        let root = try Self.folder([
            "m.yaml":
                "output: out\nconcurrency:\n  recordings: 1000\nsources:\n  - recording_url: https://e.com/a.mp3\n"
        ])
        let error = try #require(throws: ManifestError.self) { try Manifest.load(path: "\(root)/m.yaml") }
        #expect(Self.places(error.problems) == ["3 concurrency.recordings invalid_field"])
        #expect(error.problems[0].message.contains("1 to 64"))
    }

    // MARK: - Defaults and overrides

    @Test func sourcesOverrideDefaultsKeyByKey() throws {
        let yaml = """
            output: out
            defaults:
              org_id: northwind
              rep_id: alex
              options: {min_confidence: 0.7, auto_analyze: false, language: en}
              metadata: {team: east, region: eu}
            sources:
              - urls: calls.csv
                rep_id: sam
                options: {min_confidence: 0.9}
                metadata: {team: west}
              - recording_url: https://example.com/plain.mp3
            """
        let root = try Self.folder([
            "m.yaml": yaml,
            "calls.csv":
                "url,rep_id,team,campaign\nhttps://example.com/a.mp3,,,spring\nhttps://example.com/b.mp3,kim,north,\n",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(problems == [])
        #expect(items.map(\.orgID) == ["northwind", "northwind", "northwind"])
        #expect(items.map(\.repID) == ["sam", "kim", "alex"])
        #expect(items[0].options == RecordingOptions(autoAnalyze: false, minConfidence: 0.9, language: "en"))
        #expect(items[2].options == RecordingOptions(autoAnalyze: false, minConfidence: 0.7, language: "en"))
        #expect(items[0].metadata == ["team": .string("west"), "region": .string("eu"), "campaign": .string("spring")])
        #expect(items[1].metadata == ["team": .string("north"), "region": .string("eu")])
        #expect(items[2].metadata == ["team": .string("east"), "region": .string("eu")])
    }

    @Test func optionsAreEchoedAsTheSessionRequestSpellsThem() {
        let options = RecordingOptions(
            autoAnalyze: true, minConfidence: 0.75, callbackURL: "https://e.com/cb",
            promptOverrides: [.init(title: "T", content: "C")])
        #expect(
            options.json == [
                "auto_analyze": .bool(true), "min_confidence": .number(0.75),
                "callback_url": .string("https://e.com/cb"),
                "prompt_overrides": .array([.object(["title": .string("T"), "content": .string("C")])]),
            ])
        #expect(RecordingOptions().json == [:])
    }

    @Test func aSourceWithoutARepIsReportedOnce() throws {
        let yaml =
            "output: out\ndefaults: {org_id: northwind}\nsources:\n  - path: calls\n  - urls: list.txt\n  - path: calls/{rep_id}\n"
        let root = try Self.folder([
            "m.yaml": yaml, "calls/a.mp3": "x", "calls/b.mp3": "x", "calls/kim/c.mp3": "x",
            "list.txt": "https://e.com/1.mp3\nhttps://e.com/2.mp3\n",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(Self.places(problems) == ["4 sources[0].rep_id missing_field", "5 sources[1].rep_id missing_field"])
        #expect(
            problems[0].message
                == "no rep_id for these recordings: set rep_id on the source or in defaults, or take it from the path with {rep_id}"
        )
        #expect(items.map(\.source) == ["\(root)/calls/kim/c.mp3"])
        #expect(items.map(\.repID) == ["kim"])
    }

    // MARK: - Folders

    @Test func aFolderTakesRecordingsSortedAndSkipsHiddenOnes() throws {
        let root = try Self.folder([
            "calls/b.mp3": "x", "calls/A.WAV": "x", "calls/c.flac": "x", "calls/notes.txt": "x",
            "calls/c.truth.json": "x",
            "calls/.hidden.mp3": "x", "calls/.cache/d.mp3": "x", "calls/sub/e.mp3": "x",
            "m.yaml": "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - path: calls\n",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(problems == [])
        #expect(items.map(\.source) == ["A.WAV", "b.mp3", "c.flac"].map { "\(root)/calls/\($0)" })
    }

    @Test func includeExcludeAndRecursion() throws {
        let yaml = """
            output: out
            defaults: {org_id: o, rep_id: r}
            sources:
              - path: flat
                include: ["*.mp3", "*.txt"]
                exclude: ["skip-*", "*.TXT"]
              - path: deep
                recursive: true
                exclude: "*.wav"
              - path: glob/*.MP3
            """
        let root = try Self.folder([
            "m.yaml": yaml, "flat/a.mp3": "x", "flat/skip-b.mp3": "x", "flat/notes.txt": "x", "flat/c.wav": "x",
            "flat/inner/d.mp3": "x",
            "deep/a.mp3": "x", "deep/x/b.mp3": "x", "deep/x/y/c.mp3": "x", "deep/x/y/d.wav": "x", "deep/z/.e.mp3": "x",
            "glob/a.mp3": "x", "glob/B.Mp3": "x", "glob/c.wav": "x", "glob/inner/d.mp3": "x",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(problems == [])
        #expect(
            items.map { $0.source.replacingOccurrences(of: root + "/", with: "") } == [
                "flat/a.mp3", "deep/a.mp3", "deep/x/b.mp3", "deep/x/y/c.mp3", "glob/B.Mp3", "glob/a.mp3",
            ])
    }

    @Test func aSymlinkLoopIsWalkedOnce() throws {
        let root = try Self.folder([
            "m.yaml": "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - path: calls\n    recursive: true\n",
            "calls/a.mp3": "x",
            "calls/sub/b.mp3": "x",
        ])
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: "\(root)/calls/sub/up", withDestinationPath: "\(root)/calls")
        try fm.createSymbolicLink(atPath: "\(root)/calls/sub/self", withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: "\(root)/calls/gone.mp3", withDestinationPath: "\(root)/nowhere.mp3")
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(items.map(\.source) == ["\(root)/calls/a.mp3", "\(root)/calls/sub/b.mp3"])
        #expect(Self.places(problems) == ["4 sources[0].path broken_link"])
        #expect(problems[0].message == "\(root)/calls/gone.mp3 is a symbolic link to nothing")
    }

    @Test func repAndDateComeFromThePath() throws {
        let yaml =
            "output: out\ndefaults: {org_id: northwind}\nsources:\n  - path: archive/{rep_id}/{date}/*.mp3\n    metadata: {site: hq}\n"
        let root = try Self.folder([
            "m.yaml": yaml, "archive/alex/2024-05-01/a.mp3": "x", "archive/alex/20240502/b.mp3": "x",
            "archive/alex/2024-05-02/c.wav": "x",
            "archive/sam/2024-05-01/d.mp3": "x", "archive/sam/notes/e.mp3": "x", "archive/sam/2024-13-01/f.mp3": "x",
            "archive/bad id/2024-05-01/g.mp3": "x", "archive/top.mp3": "x",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(
            items.map(\.source)
                == ["alex/2024-05-01/a.mp3", "alex/20240502/b.mp3", "sam/2024-05-01/d.mp3"].map {
                    "\(root)/archive/\($0)"
                })
        #expect(items.map(\.repID) == ["alex", "alex", "sam"])
        #expect(items.map { $0.metadata["date"] } == ["2024-05-01", "2024-05-02", "2024-05-01"].map(JSONValue.string))
        #expect(
            items.allSatisfy {
                $0.orgID == "northwind" && $0.metadata["site"] == .string("hq") && $0.origin == "m.yaml:4"
            })
        #expect(Self.places(problems) == ["4 sources[0].path invalid_field"])
        #expect(problems[0].message.hasPrefix("folder \(root)/archive/bad id does not name a valid rep_id"))
    }

    @Test func orgAndGlobFoldersAndATrailingSlash() throws {
        let yaml = "output: out\ndefaults: {rep_id: r}\nsources:\n  - path: data/{org_id}/2024-*/\n"
        let root = try Self.folder([
            "m.yaml": yaml, "data/acme/2024-q1/a.mp3": "x", "data/acme/2023-q4/b.mp3": "x",
            "data/zeta/2024-q2/c.ogg": "x",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(problems == [])
        #expect(items.map(\.orgID) == ["acme", "zeta"])
        #expect(items.map { ($0.source as NSString).lastPathComponent } == ["a.mp3", "c.ogg"])
    }

    @Test func missingSourcesAreProblemsAndTheOthersGoOn() throws {
        let yaml = """
            output: out
            defaults: {org_id: o, rep_id: r}
            sources:
              - path: nowhere/{rep_id}/*.mp3
              - urls: missing.txt
              - file: missing.mp3
              - file: calls
              - path: calls/a.mp3
              - path: calls
            """
        let root = try Self.folder(["m.yaml": yaml, "calls/a.mp3": "x"])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(
            Self.places(problems) == [
                "4 sources[0].path source_not_found", "5 sources[1].urls source_not_found",
                "6 sources[2].file source_not_found",
                "7 sources[3].file invalid_source", "8 sources[4].path invalid_source",
            ])
        #expect(problems[0].message == "no folder \(root)/nowhere")
        #expect(items.map(\.source) == ["\(root)/calls/a.mp3"])
    }

    // MARK: - URL lists

    @Test func aPlainListSkipsCommentsAndReportsBadLines() throws {
        let list = """
            # Tuesday's calls
            https://cdn.example.com/a.mp3

              https://cdn.example.com/b.mp3?X-Amz-Signature=abc#t=10
            /local/c.mp3
            https://cdn.example.com/d.mp3\r
            """
        let root = try Self.folder([
            "m.yaml": "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - urls: urls.txt\n", "urls.txt": list,
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(
            items.map(\.source) == [
                "https://cdn.example.com/a.mp3", "https://cdn.example.com/b.mp3?X-Amz-Signature=abc#t=10",
                "https://cdn.example.com/d.mp3",
            ])
        #expect(items.map(\.origin) == ["urls.txt:2", "urls.txt:4", "urls.txt:6"])
        #expect(problems.map(\.file) == ["\(root)/urls.txt"])
        #expect(Self.places(problems) == ["5 url invalid_field"])
    }

    @Test func aCSVListReadsColumnsAndReportsBadRows() throws {
        // CRLF line ends, as spreadsheets write them; line 3's note runs onto line 4.
        let csv = [
            #"URL,org_id,rep_id,customer,note"#,
            #"https://e.com/1.mp3,acme,alex,"Smith, Jo","said ""call me""""#,
            #"https://e.com/2.mp3,,,Lee,"two"#,
            #"lines""#,
            #"ftp://e.com/3.mp3,acme,alex,,"#,
            #"https://e.com/4.mp3,acme,bad rep,,"#,
            #"https://e.com/5.mp3,acme"#,
            #"https://e.com/6.mp3,acme,alex,"unterminated"#,
        ].joined(separator: "\r\n")
        let root = try Self.folder([
            "m.yaml": "output: out\nsources:\n  - urls: calls.csv\n    org_id: fallback\n    rep_id: pat\n",
            "calls.csv": csv,
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(items.map(\.source) == ["https://e.com/1.mp3", "https://e.com/2.mp3"])
        #expect(items.map(\.origin) == ["calls.csv:2", "calls.csv:3"])
        #expect(items.map(\.orgID) == ["acme", "fallback"])
        #expect(items.map(\.repID) == ["alex", "pat"])
        #expect(items[0].metadata == ["customer": .string("Smith, Jo"), "note": .string("said \"call me\"")])
        #expect(items[1].metadata == ["customer": .string("Lee"), "note": .string("two\r\nlines")])
        #expect(
            Self.places(problems) == [
                "8  invalid_field", "5 URL invalid_field", "6 rep_id invalid_field", "7  invalid_field",
            ])
        #expect(problems.allSatisfy { $0.file == "\(root)/calls.csv" })
        #expect(problems[3].message == "2 cells, the header has 5: quote cells that hold commas")
    }

    @Test func idsMadeOfDotsAreInvalidWhereverTheyAreWritten() throws {
        // ".." fits the id alphabet, and as a folder name it would climb out of the output.
        let yaml =
            "output: out\nsources:\n  - recording_url: https://e.com/a.mp3\n    org_id: \"..\"\n    rep_id: alex\n"
        let manifest = try Manifest.load(path: "\(try Self.folder(["m.yaml": yaml]))/m.yaml")
        #expect(Self.places(manifest.problems) == ["4 sources[0].org_id invalid_field"])
        #expect(manifest.problems.first?.message.contains("only dots") == true)
        let listed = try Self.folder([
            "m.yaml": "output: out\nsources:\n  - urls: calls.csv\n",
            "calls.csv":
                "url,org_id,rep_id\nhttps://e.com/1.mp3,acme,..\nhttps://e.com/2.mp3,.,alex\nhttps://e.com/3.mp3,acme,a.b\n",
        ])
        let (items, rows) = SourceDiscovery.discover(try Manifest.load(path: "\(listed)/m.yaml"))
        #expect(items.map(\.source) == ["https://e.com/3.mp3"], "a.b is an id; . and .. are not")
        #expect(Self.places(rows) == ["2 rep_id invalid_field", "3 org_id invalid_field"])
        #expect(rows.allSatisfy { $0.message.contains("only dots") })
        // And the bundle folder itself refuses to leave the output, whatever the ids.
        #expect(BundleWriter.folder(output: "/srv/out", orgID: "..", repID: "..", sessionID: "s") == nil)
        #expect(
            BundleWriter.folder(output: "/srv/out", orgID: "acme", repID: "a.b", sessionID: "s")
                == "/srv/out/acme/a.b/s")
    }

    @Test func aCSVWithoutAURLColumnIsOneProblem() throws {
        let root = try Self.folder([
            "m.yaml":
                "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - urls: a.csv\n  - urls: b.csv\n  - urls: c.csv\n",
            "a.csv": "link,rep_id\nhttps://e.com/1.mp3,r\n", "b.csv": "url,url\nhttps://e.com/1.mp3,x\n",
            "c.csv": "\n\n",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(items.isEmpty)
        #expect(Self.places(problems) == ["1  invalid_source", "1 url duplicate_field", "-  invalid_source"])
        #expect(problems.map { ($0.file as NSString).lastPathComponent } == ["a.csv", "b.csv", "c.csv"])
    }

    // MARK: - JSON and duplicates

    @Test func aJSONManifestReadsTheSameWithLines() throws {
        let json = """
            {
            \t"output": "out",
            \t"defaults": {"org_id": "northwind", "rep_id": "alex", "options": {"auto_analyze": false}},
            \t"concurrency": {"recordings": null, "analyses_per_recording": 3},
            \t"sources": [
            \t\t{"recording_url": "https://example.com/a.mp3", "metadata": {"n": 1.5, "tags": ["x"], "none": null}},
            \t\t{"recording_url": "https://example.com/b.mp3", "options": {"min_confidence": 2}}
            \t]
            }
            """
        let root = try Self.folder(["m.json": json])
        let manifest = try Manifest.load(path: "\(root)/m.json")
        #expect(manifest.concurrency == .init(recordings: nil, analysesPerRecording: 3))
        #expect(manifest.sources.count == 1)
        #expect(manifest.sources[0].metadata == ["n": .number(1.5), "tags": .array([.string("x")]), "none": .null])
        #expect(manifest.sources[0].options.autoAnalyze == false)
        #expect(Self.places(manifest.problems) == ["7 sources[1].options.min_confidence invalid_field"])
    }

    @Test func aRecordingListedTwiceIsProcessedOnce() throws {
        let yaml = """
            output: out
            defaults: {org_id: o, rep_id: r}
            sources:
              - path: calls
              - file: calls/../calls/a.mp3
              - recording_url: https://e.com/x.mp3
              - urls: urls.txt
            """
        let root = try Self.folder([
            "m.yaml": yaml, "calls/a.mp3": "x",
            "urls.txt": "https://e.com/y.mp3\nhttps://e.com/x.mp3\nhttps://e.com/y.mp3\n",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(items.map(\.source) == ["\(root)/calls/a.mp3", "https://e.com/x.mp3", "https://e.com/y.mp3"])
        #expect(
            Self.places(problems) == [
                "5 sources[1].file duplicate_source", "2 url duplicate_source", "3 url duplicate_source",
            ])
        #expect(
            problems[0].message
                == "\(root)/calls/a.mp3 is listed twice: first at m.yaml:4, again at m.yaml:5; only the first is processed"
        )
        #expect(
            problems[1].message
                == "https://e.com/x.mp3 is listed twice: first at m.yaml:6, again at urls.txt:2; only the first is processed"
        )
        #expect(problems[1].file == "\(root)/urls.txt")
    }

    @Test func aFileWhereAFolderMustBeMadeIsAProblemBeforeTheRun() throws {
        let yaml =
            "output: blocked/out\ndatabase: blocked/db/p.sqlite\nsources:\n  - recording_url: https://e.com/a.mp3\n    org_id: o\n    rep_id: r\n"
        let root = try Self.folder(["m.yaml": yaml, "blocked": "a file"])
        let error = try #require(throws: ManifestError.self) { try Manifest.load(path: "\(root)/m.yaml") }
        #expect(Self.places(error.problems) == ["1 output invalid_field", "2 database invalid_field"])
        #expect(
            error.problems[0].message
                == "\(root)/blocked is a file, so the folder \(root)/blocked/out cannot be made under it")
    }

    @Test func callbackURLsAreSignedUnlessTheManifestSaysOtherwise() throws {
        let sources =
            "sources:\n  - recording_url: https://e.com/a.mp3\n    options: {callback_url: https://crm.example.com/hook}\n"
        let head = "output: out\ndefaults: {org_id: o, rep_id: r}\n"
        let unsigned = try #require(throws: ManifestError.self) {
            try Manifest.load(path: "\(try Self.folder(["m.yaml": head + sources]))/m.yaml")
        }
        #expect(Self.places(unsigned.problems) == ["4 callback_secret missing_field"])
        let signed = try Manifest.load(
            path: "\(try Self.folder(["m.yaml": head + "callback_secret: s3cret\n" + sources]))/m.yaml")
        #expect(signed.callbackSecret == "s3cret")
        let allowed = try Manifest.load(
            path: "\(try Self.folder(["m.yaml": head + "unsigned_callbacks: true\n" + sources]))/m.yaml")
        #expect(allowed.callbackSecret == nil && allowed.problems.isEmpty)
    }

    @Test func insecureTLSIsPerURLSourceAndOnlyWhereWritten() throws {
        let yaml = """
            output: out
            defaults: {org_id: o, rep_id: r}
            sources:
              - recording_url: https://10.0.0.5/a.mp3
                insecure_tls: true
              - recording_url: https://e.com/b.mp3
              - path: calls
                insecure_tls: true
            """
        let manifest = try Manifest.load(path: "\(try Self.folder(["m.yaml": yaml, "calls/c.mp3": "x"]))/m.yaml")
        #expect(Self.places(manifest.problems) == ["8 sources[2].insecure_tls invalid_field"])
        let (items, _) = SourceDiscovery.discover(manifest)
        #expect(items.map(\.insecureTLS) == [true, false])
        #expect(items.map(\.network.verifiesTLS) == [false, true])
    }

    @Test func aFileUnderAnotherNameIsTheSameRecording() throws {
        let root = try Self.folder([
            "m.yaml":
                "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - path: calls\n  - file: links/alias.mp3\n  - file: links/hard.mp3\n",
            "calls/a.mp3": "x",
        ])
        try FileManager.default.createDirectory(atPath: "\(root)/links", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: "\(root)/links/alias.mp3", withDestinationPath: "\(root)/calls/a.mp3")
        try FileManager.default.linkItem(atPath: "\(root)/calls/a.mp3", toPath: "\(root)/links/hard.mp3")
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(items.map(\.source) == ["\(root)/calls/a.mp3"])
        #expect(Self.places(problems) == ["5 sources[1].file duplicate_source", "6 sources[2].file duplicate_source"])
        #expect(problems[0].message.contains("the same file as \(root)/calls/a.mp3"), "\(problems[0].message)")
    }

    @Test func aPatternThatMatchesNothingIsANoticeNotABrokenEntry() throws {
        let root = try Self.folder([
            "m.yaml":
                "output: out\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - path: calls/*/in\n  - path: calls\n    include: ['*.flac']\n",
            "calls/monday/in/notes.txt": "x",
            "calls/a.mp3": "x",
        ])
        let (items, problems) = SourceDiscovery.discover(try Manifest.load(path: "\(root)/m.yaml"))
        #expect(items.isEmpty)
        #expect(Self.places(problems) == ["4 sources[0].path no_match", "5 sources[1].path no_match"])
        #expect(problems.allSatisfy { $0.code.isNotice })
        #expect(problems[0].message.contains("calls/*/in holds no audio file"), "\(problems[0].message)")
        #expect(problems[1].message.contains("no *.flac"), "\(problems[1].message)")
    }

    // MARK: - The documented examples

    @Test(arguments: ["samples.yaml", "example.yaml", "llm.yaml"])
    func theDocumentedManifestsAreValid(name: String) throws {
        let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../manifests"
        ).standardized.path
        let manifest = try Manifest.load(path: "\(manifests)/\(name)")
        #expect(manifest.problems == [])
        #expect(!manifest.sources.isEmpty)
    }
}
