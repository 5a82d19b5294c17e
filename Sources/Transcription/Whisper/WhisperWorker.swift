import Foundation
import Transcripts

/// One long-lived faster-whisper process (`whisper_worker.py`): the model loads once, then chunks of
/// PCM go in and words come out.
///
/// Blocking: call it from a dedicated thread, never from the cooperative pool. A worker that dies or
/// stops answering is killed and started again on the next request; what it wrote to stderr is kept
/// for the error report.
final class WhisperWorker: @unchecked Sendable {
    // @unchecked: every mutable field is touched only by the thread that calls `transcribe`; the
    // reader threads communicate through `LineQueue` and `StderrTail`, which lock.

    enum Failure: Error {
        case couldNotStart(String)
        case died(status: Int32)
        case hung(seconds: Double)
        case refused(String)
    }

    let settings: WhisperSettings
    private let script: String
    private var process: Process?
    private var input: FileHandle?
    private var lines = LineQueue()
    let stderr = StderrTail()
    /// Times the process was started; more than one means it was restarted.
    private(set) var launches = 0
    /// Whether the worker loaded its voice encoder (known once it has started), and why not.
    private(set) var voiceEncoder = false
    private(set) var voiceEncoderError: String?
    /// The language codes the model knows (known once it has started; ["en"] for tiny.en).
    private(set) var languages: Set<String> = []
    var processIdentifier: Int32? { process?.processIdentifier }

    init(settings: WhisperSettings) throws(TranscriptionError) {
        guard let script = Bundle.module.path(forResource: "whisper_worker", ofType: "py") else {
            throw .engineUnavailable(engine: "whisper", reason: "whisper_worker.py is missing from the installation")
        }
        guard FileManager.default.isExecutableFile(atPath: settings.python) else {
            throw .engineUnavailable(
                engine: "whisper", reason: "no Python at \(settings.python); run `make setup` (or set CALLSIFT_PYTHON)")
        }
        if let model = settings.modelFolder,
            !FileManager.default.fileExists(atPath: (model as NSString).appendingPathComponent("model.bin"))
        {
            throw .engineUnavailable(
                engine: "whisper",
                reason: settings.modelPath == model
                    ? "the model folder \(model) holds no model.bin: name a CTranslate2 Whisper model folder"
                    : "the Whisper model \(settings.modelName) is not installed (no \(model)/model.bin): run `make setup MODELS=\(settings.modelName)`"
            )
        }
        self.settings = settings
        self.script = script
        signal(SIGPIPE, SIG_IGN)  // a dead worker must surface as a write error, not kill callsift
    }

    deinit { stop() }

    /// How the worker decodes audio: as its command line says (the batched pipeline and its VAD, by
    /// default); each clip (seconds from the audio's start) in a window of its own, batched; or
    /// all of it with the sequential decoder and its temperature fallback. The last two are for
    /// audio known to be speech.
    enum Decoding: Sendable, Equatable {
        case configured
        /// `screen` names the clips decoded only if the VAD hears speech in them with a probability
        /// of `below` or more somewhere.
        case clips([TimeSpan], screen: [Int] = [], below: Double = 0)
        case sequential
        /// Not a decoding: the voice embedding of each piece.
        case embed([TimeSpan])

        /// The request's extra JSON members.
        var requestFields: String {
            switch self {
            case .configured: ""
            case .sequential: ",\"decode\":\"sequential\""
            case .clips(let clips, let screen, let below):
                ",\"decode\":\"clips\",\"clips\":" + Self.list(clips)
                    + (screen.isEmpty
                        ? ""
                        : ",\"screen\":{\"clips\":[\(screen.map(String.init).joined(separator: ","))],\"below\":\(below)}")
            case .embed(let pieces): ",\"embed\":" + Self.list(pieces)
            }
        }

        private static func list(_ spans: [TimeSpan]) -> String {
            "[" + spans.map { String(format: "[%.3f,%.3f]", $0.start, $0.end) }.joined(separator: ",") + "]"
        }
    }

    /// Starts the worker if it is not running (to learn, say, whether it has a voice encoder).
    func start() throws(Failure) {
        try ensureStarted()
    }

    /// Transcribes one piece of 16 kHz mono audio, starting the worker first if needed. `language`
    /// overrides the command line's for this piece: a code, or "auto" to have the model detect it.
    func transcribe(
        id: Int, samples: ArraySlice<Float>, decoding: Decoding = .configured, language: String? = nil,
        timeout: Double
    ) throws(Failure) -> WorkerAnswer {
        try ensureStarted()
        let exchange = Exchange()
        let done = DispatchSemaphore(value: 0)
        let input = self.input!
        let lines = self.lines
        Thread.detachNewThread {
            exchange.result = WhisperWorker.exchange(
                id: id, samples: samples, decoding: decoding, language: language, input: input, lines: lines)
            done.signal()
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill()
            done.wait()
            throw .hung(seconds: timeout)
        }
        switch exchange.result! {
        case .success(let answer): return answer
        case .failure(let failure):
            if case .died = failure { reap() }
            throw failure
        }
    }

    /// Stops the worker (end of the run).
    func stop() {
        guard let process else { return }
        try? input?.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        self.process = nil
        input = nil
    }

    /// Kills the worker at once (a hang); the next request starts a new one.
    func kill() {
        if let process, process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        reap()
    }

    private func reap() {
        process?.waitUntilExit()
        try? input?.close()
        process = nil
        input = nil
    }

    private func ensureStarted() throws(Failure) {
        if let process, process.isRunning { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: settings.python)
        process.arguments = [script] + settings.arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderrPipe = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderrPipe
        let tail = stderr
        let errors = stderrPipe.fileHandleForReading
        lines = LineQueue()
        let queue = lines
        let reader = stdout.fileHandleForReading
        do {
            try process.run()
        } catch {
            throw .couldNotStart("\(settings.python): \(error.localizedDescription)")
        }
        // Plain reader threads: `availableData` returns what the pipe holds now (`read(upToCount:)`
        // would wait for all of it), and unlike `readabilityHandler`, whose dispatch source can crash
        // libdispatch when it is torn down, a thread just ends at end of file.
        Thread.detachNewThread {
            while case let data = reader.availableData, !data.isEmpty { queue.push(data) }
            queue.close()
        }
        Thread.detachNewThread {
            while case let data = errors.availableData, !data.isEmpty { tail.append(data) }
        }
        launches += 1
        self.process = process
        input = stdin.fileHandleForWriting
        switch lines.next(timeout: settings.startTimeoutSeconds) {
        case .line(let line) where line.contains("\"ready\""):
            let ready = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            voiceEncoder = ready?["voice_encoder"] as? Bool ?? false
            voiceEncoderError = ready?["voice_encoder_error"] as? String
            languages = Set(ready?["languages"] as? [String] ?? [])
            return
        case .line(let line):
            kill()
            throw .couldNotStart("unexpected first line: \(line.prefix(200))")
        case .closed:
            reap()
            throw .couldNotStart("the worker exited while loading the model")
        case .timedOut:
            kill()
            throw .hung(seconds: settings.startTimeoutSeconds)
        }
    }

    private static func exchange(
        id: Int, samples: ArraySlice<Float>, decoding: Decoding, language: String?, input: FileHandle,
        lines: LineQueue
    ) -> Result<WorkerAnswer, Failure> {
        // The language as a JSON string (encoding a String cannot fail).
        let asked = language.flatMap { try? JSONEncoder().encode($0) }.map {
            ",\"language\":" + String(decoding: $0, as: UTF8.self)
        }
        var header = Data(
            "{\"id\":\(id),\"samples\":\(samples.count)\(decoding.requestFields)\(asked ?? "")}\n".utf8)
        samples.withUnsafeBytes { header.append(contentsOf: $0) }  // little-endian Float32, as the worker reads it
        do {
            try input.write(contentsOf: header)
        } catch {
            return .failure(.died(status: -1))
        }
        switch lines.next(timeout: nil) {
        case .line(let line):
            let data = Data(line.utf8)
            if let answer = try? JSONDecoder().decode(WorkerAnswer.self, from: data), answer.id == id {
                return .success(answer)
            }
            let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String
            return .failure(.refused(message ?? String(line.prefix(300))))
        case .closed, .timedOut:
            return .failure(.died(status: -1))
        }
    }
}

/// The answer of one exchange, handed from the I/O thread to the caller after the semaphore.
private final class Exchange: @unchecked Sendable {
    // @unchecked: written by the I/O thread before `done.signal()`, read by the caller after `wait()`.
    var result: Result<WorkerAnswer, WhisperWorker.Failure>?
}

/// Lines of the worker's stdout, from the reader thread to whoever waits.
final class LineQueue: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    enum Next {
        case line(String)
        case closed
        case timedOut
    }

    private let condition = NSCondition()
    private var buffer = Data()
    private var ready: [String] = []
    private var isClosed = false

    func push(_ data: Data) {
        condition.lock()
        buffer.append(data)
        while let newline = buffer.firstIndex(of: 0x0A) {
            ready.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
        }
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    func next(timeout: Double?) -> Next {
        condition.lock()
        defer { condition.unlock() }
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while ready.isEmpty, !isClosed {
            if let deadline {
                if !condition.wait(until: deadline) { return .timedOut }
            } else {
                condition.wait()
            }
        }
        return ready.isEmpty ? .closed : .line(ready.removeFirst())
    }
}

/// The last few KiB the worker wrote to stderr: the first thing to read when it fails.
final class StderrTail: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var data = Data()
    private let limit = 8192

    func append(_ more: Data) {
        lock.withLock {
            data.append(more)
            if data.count > limit { data = data.suffix(limit) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
