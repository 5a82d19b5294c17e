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
        }

        public enum Analyzer: String, Sendable, CaseIterable {
            case builtin
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

        public init(
            transcriber: Choice<Transcriber> = .init(.whisper), detector: Choice<Detector> = .init(.builtin),
            analyzer: Choice<Analyzer> = .init(.builtin)
        ) {
            self.transcriber = transcriber
            self.detector = detector
            self.analyzer = analyzer
        }

        static func read(_ node: ManifestNode) -> Engines? {
            guard let fields = node.mapping(allowed: ["transcriber", "detector", "analyzer"]) else { return nil }
            var engines = Engines()
            if let choice = fields["transcriber"].flatMap(choice(Transcriber.self)) { engines.transcriber = choice }
            if let choice = fields["detector"].flatMap(choice(Detector.self)) { engines.detector = choice }
            if let choice = fields["analyzer"].flatMap(choice(Analyzer.self)) { engines.analyzer = choice }
            return engines
        }

        /// `name` or `{name, settings}`.
        private static func choice<Name: RawRepresentable & CaseIterable & Sendable & Equatable>(
            _: Name.Type
        ) -> (ManifestNode) -> Choice<Name>? where Name.RawValue == String {
            { node in
                guard case .mapping = node.node else { return node.choice(Name.self).map { Choice($0) } }
                guard let fields = node.mapping(allowed: ["name", "settings"]) else { return nil }
                let name = fields.require("name", "one of \(Name.allCases.map(\.rawValue).joined(separator: ", "))")?.choice(Name.self)
                let settings = fields["settings"]?.object()
                guard let name, fields["settings"] == nil || settings != nil else { return nil }
                return Choice(name, settings: settings ?? [:])
            }
        }
    }
}
