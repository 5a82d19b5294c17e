import Sessions

extension Manifest {
    /// Which engine runs each stage, and its settings. Each is written as a name
    /// (`transcriber: deepgram`) or as `{name, settings}`; the settings are the engine's own and are
    /// passed to it unread here.
    public struct Engines: Sendable, Equatable {
        public enum Transcriber: String, Sendable, CaseIterable {
            /// faster-whisper in a local worker (the default: no network, no service).
            case whisper
            /// Existing transcripts beside the recordings (Deepgram/whisper JSON, SRT, WebVTT).
            case sidecar
            /// Deepgram's pre-recorded API.
            case deepgram
        }

        public enum Detector: String, Sendable, CaseIterable {
            case builtin
            /// The `llm` endpoint (`engines.llm`).
            case llm
        }

        public enum Analyzer: String, Sendable, CaseIterable {
            case builtin
            /// The `llm` endpoint (`engines.llm`).
            case llm
        }

        /// An OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp's server, Ollama, a
        /// hosted API). The key is read from the environment variable `apiKeyEnv` when the run
        /// starts; it is never in the manifest, the database or a log.
        public struct LLM: Sendable, Equatable {
            public var baseURL: String
            public var model: String
            public var apiKeyEnv: String?
            public var timeoutSeconds: Double = 120
            public var maxConcurrency: Int = 4
            public var maxAttempts: Int = 4
            /// USD per million tokens, for `cost_usd_cents` and `callsift usage`; nil: cost 0.
            public var inputUSDPerMillion: Double?
            public var outputUSDPerMillion: Double?

            public init(baseURL: String, model: String, apiKeyEnv: String? = nil) {
                self.baseURL = baseURL
                self.model = model
                self.apiKeyEnv = apiKeyEnv
            }

            static let keys = [
                "base_url", "model", "api_key_env", "timeout_seconds", "max_concurrency", "max_attempts", "prices",
            ]

            static func read(_ node: ManifestNode) -> LLM? {
                let before = node.log.problems.count
                guard let fields = node.mapping(allowed: keys) else { return nil }
                let url = fields.require("base_url", "the endpoint's http(s) base, e.g. http://localhost:8000/v1")?
                    .httpURL()
                let model = fields.require("model", "the model name the server knows")?.string()
                var llm = LLM(baseURL: url ?? "", model: model ?? "", apiKeyEnv: fields["api_key_env"]?.string())
                // A variable's name: A–Z, 0–9, _ (not starting with a digit). Anything else may be a
                // pasted key, so the problem never repeats the value.
                if let key = fields["api_key_env"], let name = llm.apiKeyEnv,
                    name.isEmpty || name.count > 64 || name.first!.isNumber
                        || name.contains(where: { !(("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_") }
                        )
                {
                    key.problem("api_key_env names an environment variable (A–Z, 0–9, _), not the key itself")
                    llm.apiKeyEnv = nil
                }
                if let timeout = fields["timeout_seconds"] {
                    if let value = timeout.number(), value > 0 {
                        llm.timeoutSeconds = value
                    } else {
                        timeout.problem("timeout_seconds is a number of seconds above 0")
                    }
                }
                if let concurrency = fields["max_concurrency"] {
                    if let value = concurrency.integer(), value >= 1 {
                        llm.maxConcurrency = value
                    } else {
                        concurrency.problem("max_concurrency is a whole number, 1 or more")
                    }
                }
                if let attempts = fields["max_attempts"] {
                    if let value = attempts.integer(), value >= 1 {
                        llm.maxAttempts = value
                    } else {
                        attempts.problem("max_attempts is a whole number, 1 or more")
                    }
                }
                if let prices = fields["prices"],
                    let table = prices.mapping(allowed: ["input_usd_per_million", "output_usd_per_million"])
                {
                    for (key, path) in [
                        ("input_usd_per_million", \LLM.inputUSDPerMillion),
                        ("output_usd_per_million", \LLM.outputUSDPerMillion),
                    ] {
                        guard let node = table[key] else { continue }
                        if let value = node.number(), value >= 0 {
                            llm[keyPath: path] = value
                        } else {
                            node.problem("\(key) is a price in USD, 0 or more")
                        }
                    }
                }
                guard url != nil, model != nil, node.log.problems.count == before else { return nil }
                return llm
            }
        }

        /// One stage's engine and its settings.
        public struct Choice<Name: Sendable & Equatable>: Sendable, Equatable {
            public var name: Name
            public var settings: [String: JSONValue]

            public init(_ name: Name, settings: [String: JSONValue] = [:]) {
                self.name = name
                self.settings = settings
            }
        }

        public var transcriber: Choice<Transcriber>
        public var detector: Choice<Detector>
        public var analyzer: Choice<Analyzer>
        public var llm: LLM?

        public init(
            transcriber: Choice<Transcriber> = .init(.whisper), detector: Choice<Detector> = .init(.builtin),
            analyzer: Choice<Analyzer> = .init(.builtin)
        ) {
            self.transcriber = transcriber
            self.detector = detector
            self.analyzer = analyzer
        }

        static func read(_ node: ManifestNode) -> Engines? {
            guard let fields = node.mapping(allowed: ["transcriber", "detector", "analyzer", "llm"]) else { return nil }
            var engines = Engines()
            if let choice = fields["transcriber"].flatMap(choice(Transcriber.self)) { engines.transcriber = choice }
            if let choice = fields["detector"].flatMap(choice(Detector.self)) { engines.detector = choice }
            if let choice = fields["analyzer"].flatMap(choice(Analyzer.self)) { engines.analyzer = choice }
            engines.llm = fields["llm"].flatMap(LLM.read)
            let wanted = [("detector", engines.detector.name == .llm), ("analyzer", engines.analyzer.name == .llm)]
                .filter(\.1).map(\.0)
            if let stage = wanted.first, fields["llm"] == nil {
                node.problem(.missingField, "engines.\(stage) is llm: add engines.llm with base_url and model")
            }
            return engines
        }

        /// `name` or `{name, settings}`.
        private static func choice<Name: RawRepresentable & CaseIterable & Sendable & Equatable>(
            _: Name.Type
        ) -> (ManifestNode) -> Choice<Name>? where Name.RawValue == String {
            { node in
                guard case .mapping = node.node else { return node.choice(Name.self).map { Choice($0) } }
                guard let fields = node.mapping(allowed: ["name", "settings"]) else { return nil }
                let name = fields.require("name", "one of \(Name.allCases.map(\.rawValue).joined(separator: ", "))")?
                    .choice(Name.self)
                let settings = fields["settings"]?.object()
                guard let name, fields["settings"] == nil || settings != nil else { return nil }
                return Choice(name, settings: settings ?? [:])
            }
        }
    }
}
