import Scoring
import Sessions

/// The session request API's per-recording `options`. Each is nil when not set, so that a source's options can
/// override the manifest's `defaults` key by key; the run applies the all-day session API's defaults
/// (`min_confidence` 0.8, `auto_analyze` true) to what is still nil.
public struct RecordingOptions: Sendable, Equatable {
    /// Extra instructions for the analyzer, as the session request API's `prompt_overrides` items.
    public typealias PromptOverride = Scoring.PromptOverride

    /// False stops after detection: segments are listed, none analyzed.
    public var autoAnalyze: Bool?
    /// 0…1: segments at or above are analyzed, 0.5 up to it need review, below are skipped.
    public var minConfidence: Double?
    public var callbackURL: String?
    /// The language spoken: a code Whisper knows ("en", "es", "de"), or "auto" to have a
    /// multilingual model detect it; nil leaves it to the speech engine's settings.
    public var language: String?
    public var skipDiarization: Bool?
    public var playbookID: String?
    /// A playbook's text, used before any playbook id (the all-day session API's resolution order).
    public var playbookContent: String?
    public var promptOverrides: [PromptOverride]?

    public init(
        autoAnalyze: Bool? = nil, minConfidence: Double? = nil, callbackURL: String? = nil, language: String? = nil,
        skipDiarization: Bool? = nil, playbookID: String? = nil, playbookContent: String? = nil,
        promptOverrides: [PromptOverride]? = nil
    ) {
        self.autoAnalyze = autoAnalyze
        self.minConfidence = minConfidence
        self.callbackURL = callbackURL
        self.language = language
        self.skipDiarization = skipDiarization
        self.playbookID = playbookID
        self.playbookContent = playbookContent
        self.promptOverrides = promptOverrides
    }

    static let keys = [
        "auto_analyze", "min_confidence", "callback_url", "language", "skip_diarization", "playbook_id",
        "playbook_content", "prompt_overrides",
    ]

    /// "auto", or a code of 2 or 3 letters as Whisper names its languages ("es", "haw"), with a
    /// region or not ("en-US", "pt_BR": the speech engine hears the language, the session keeps
    /// the tag as written).
    static func isLanguage(_ text: String) -> Bool {
        text.wholeMatch(of: /auto|[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?/) != nil
    }

    /// These options with every one that `other` sets taken from `other`.
    public func overridden(by other: RecordingOptions) -> RecordingOptions {
        RecordingOptions(
            autoAnalyze: other.autoAnalyze ?? autoAnalyze, minConfidence: other.minConfidence ?? minConfidence,
            callbackURL: other.callbackURL ?? callbackURL, language: other.language ?? language,
            skipDiarization: other.skipDiarization ?? skipDiarization, playbookID: other.playbookID ?? playbookID,
            playbookContent: other.playbookContent ?? playbookContent,
            promptOverrides: other.promptOverrides ?? promptOverrides)
    }

    /// The options that are set, spelled as the session request API spells them: what a session records and echoes.
    public var json: [String: JSONValue] {
        var json: [String: JSONValue] = [:]
        json["auto_analyze"] = autoAnalyze.map(JSONValue.bool)
        json["min_confidence"] = minConfidence.map(JSONValue.number)
        json["callback_url"] = callbackURL.map(JSONValue.string)
        json["language"] = language.map(JSONValue.string)
        json["skip_diarization"] = skipDiarization.map(JSONValue.bool)
        json["playbook_id"] = playbookID.map(JSONValue.string)
        json["playbook_content"] = playbookContent.map(JSONValue.string)
        json["prompt_overrides"] = promptOverrides.map { overrides in
            .array(overrides.map { .object(["title": .string($0.title), "content": .string($0.content)]) })
        }
        return json
    }

    /// Reads `options:`; nil when any option is wrong (each is reported).
    static func read(_ node: ManifestNode) -> RecordingOptions? {
        let before = node.log.problems.count
        guard let fields = node.mapping(allowed: keys) else { return nil }
        var options = RecordingOptions()
        options.autoAnalyze = fields["auto_analyze"]?.bool()
        if let value = fields["min_confidence"], let number = value.number() {
            if (0...1).contains(number) {
                options.minConfidence = number
            } else {
                value.problem("must be between 0 and 1, got \(value.shown)")
            }
        }
        options.callbackURL = fields["callback_url"]?.httpURL()
        if let value = fields["language"], let language = value.string() {
            if Self.isLanguage(language) {
                options.language = language
            } else {
                value.problem(
                    "language is a language code of 2 or 3 letters, with a region or not (en, es, pt-BR...), or auto, got \(value.shown)"
                )
            }
        }
        options.skipDiarization = fields["skip_diarization"]?.bool()
        options.playbookID = fields["playbook_id"]?.string()
        options.playbookContent = fields["playbook_content"]?.string()
        options.promptOverrides = fields["prompt_overrides"]?.list()?.compactMap { item -> PromptOverride? in
            guard let override = item.mapping(allowed: ["title", "content"]) else { return nil }
            let title = override.require("title", "each prompt override has a title and a content")?.string()
            let content = override.require("content", "each prompt override has a title and a content")?.string()
            guard let title, let content else { return nil }
            return PromptOverride(title: title, content: content)
        }
        return node.log.problems.count == before ? options : nil
    }
}
