import Foundation
import TestSupport

/// The two speech models side by side (`make bench BENCH=models`): tiny.en, the default, and the
/// multilingual base of `make setup MODELS=base`, both asked for English, on the LibriVox clips of
/// pocketsphinx-testdata (real read speech) and on the samples (synthetic voices, phone lines,
/// codecs): word error rate against the text, speed and the worker's peak memory, each through
/// `callsift transcribe` as a user runs it.
enum ModelsBench {
    static func run(row: (String, String, String, String) -> Void) throws {
        let repository = FileManager.default.currentDirectoryPath
        let callsift = "\(repository)/.build/release/callsift"
        guard FileManager.default.isExecutableFile(atPath: callsift) else {
            print("models: build callsift in release first (make bench does)")
            return
        }
        guard FileManager.default.fileExists(atPath: "\(repository)/.venv/models/whisper-base/model.bin") else {
            print("models: the multilingual base is not installed: run `make setup MODELS=base` first")
            return
        }
        let librivox = "/usr/share/pocketsphinx/test/data/librivox"
        var inputs: [(name: String, audio: String, reference: String)] = []
        // Each clip with its line of the transcription file: "<s> text </s> (clip-id)".
        let lines = try String(contentsOfFile: "\(librivox)/transcription", encoding: .utf8).split(separator: "\n")
        for line in lines {
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")") else { continue }
            let id = line[line.index(after: open)..<close]
            let text = line[..<open].replacingOccurrences(of: "<s>", with: "").replacingOccurrences(
                of: "</s>", with: "")
            inputs.append(("librivox", "\(librivox)/\(id).wav", text))
        }
        let samples = "\(workDirectory)/samples"
        try Tool.run(["python3", "\(repository)/samples/generate.py", samples])
        for truth in try FileManager.default.contentsOfDirectory(atPath: samples).filter({
            $0.hasSuffix(".truth.json")
        }).sorted() {
            let object = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(samples)/\(truth)")))
            guard let fields = object as? [String: Any], let recording = fields["recording"] as? String,
                let turns = fields["turns"] as? [[String: Any]]
            else { continue }
            inputs.append(
                (
                    "samples", "\(samples)/\(recording)",
                    turns.compactMap { $0["text"] as? String }.joined(separator: " ")
                ))
        }
        for model in ["tiny.en", "base"] {
            for set in ["librivox", "samples"] {
                var errors = 0.0
                var words = 0
                var audio = 0.0
                var elapsed = 0.0
                var workerMiB = 0.0
                for input in inputs where input.name == set {
                    let output =
                        "\(workDirectory)/models-\(model)-\(URL(fileURLWithPath: input.audio).lastPathComponent).json"
                    let started = Date()
                    let run = try Tool.run([
                        callsift, "transcribe", input.audio, "--model", model, "--language", "en", "-o", output,
                    ])
                    elapsed += Date().timeIntervalSince(started)
                    let peaks =
                        run.stderr.components(separatedBy: "peak memory: ").last?
                        .split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) } ?? []
                    workerMiB = max(workerMiB, peaks.dropFirst().first ?? 0)
                    let transcript =
                        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
                        as? [String: Any]
                    audio += transcript?["duration_seconds"] as? Double ?? 0
                    let reference = normalized(input.reference)
                    errors +=
                        wordErrorRate(
                            reference: reference, hypothesis: normalized(transcript?["text"] as? String ?? ""))
                        * Double(reference.count)
                    words += reference.count
                }
                row(
                    "\(model), \(set == "librivox" ? "LibriVox clips" : "the samples")",
                    String(format: "WER %.1f%% (%d words)", 100 * errors / Double(max(1, words)), words),
                    String(format: "%.0f s of audio in %.1f s (%.1f× realtime)", audio, elapsed, audio / elapsed),
                    String(format: "worker peak %.0f MiB", workerMiB))
            }
        }
    }

    /// Lower case, letters and digits, hyphens as spaces: "Twenty-two" and "twenty two" are the
    /// same words. Digits are not spelled out, so "12" against "twelve" counts as an error for both
    /// models alike.
    static func normalized(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }.filter { !$0.isEmpty }
    }
}
