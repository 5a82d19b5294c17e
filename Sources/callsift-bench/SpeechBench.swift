import Foundation
import TestSupport

/// `callsift transcribe` against bare faster-whisper on the same audio, same model, same settings.
enum SpeechBench {
    static func run(workDirectory: String, row: (String, String, String, String) -> Void) throws {
        let repository = FileManager.default.currentDirectoryPath
        let callsift = "\(repository)/.build/release/callsift"
        let python = "\(repository)/.venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: callsift) else {
            print("speech: build callsift in release first (make bench does)")
            return
        }
        // 20 minutes of real read speech: the LibriVox clips of pocketsphinx-testdata, repeated.
        let librivox = "/usr/share/pocketsphinx/test/data/librivox"
        let clips = try FileManager.default.contentsOfDirectory(atPath: librivox).filter { $0.hasSuffix(".wav") }.sorted()
        let twenty = try make("speech-20min.mp3") { path in
            let list = "\(workDirectory)/speech-list.txt"
            let once = clips.map { "file '\(librivox)/\($0)'" }.joined(separator: "\n")
            try String(repeating: once + "\n", count: 36).write(toFile: list, atomically: true, encoding: .utf8)
            try Tool.run(["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-t", "1200", "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", path])
        }
        // 2 hours: the same 20 minutes, then 100 minutes of a quiet noise floor (as a day's recording
        // between calls): every chunk still travels through decoder, chunker and worker.
        let twoHours = try make("speech-2h.mp3") { path in
            try Tool.run([
                "ffmpeg", "-v", "error", "-y", "-i", twenty, "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.002:r=16000:d=6000",
                "-filter_complex", "[0][1]concat=n=2:v=0:a=1", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", path,
            ])
        }
        let ours = try measure([callsift, "transcribe", twenty, "-o", "\(workDirectory)/speech-20min.json"])
        let bare = try measure([python, "\(repository)/bench/bare_whisper.py", twenty])
        let long = try measure([callsift, "transcribe", twoHours, "-o", "\(workDirectory)/speech-2h.json"])
        row(
            "transcribe 20 min (tiny.en)",
            String(format: "%.1f s (%.1f× realtime)", ours.seconds, 1200 / ours.seconds),
            String(format: "bare faster-whisper: %.1f s (%.1f×)", bare.seconds, 1200 / bare.seconds),
            String(format: "%.2f of its speed (target ≥ 0.9)", bare.seconds / ours.seconds))
        row(
            "peak memory, callsift + worker",
            String(format: "20 min %.0f MiB, 2 h %.0f MiB", ours.peakMiB, long.peakMiB),
            String(format: "bare: %.0f MiB", bare.peakMiB),
            String(format: "2 h took %.1f s", long.seconds))
    }

    /// Runs a command and samples, every 50 ms, the resident memory of it and all its descendants.
    static func measure(_ arguments: [String]) throws -> (seconds: Double, peakMiB: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let started = Date()
        try process.run()
        var peak = 0
        while process.isRunning {
            peak = max(peak, residentKiB(of: process.processIdentifier))
            usleep(50_000)
        }
        let seconds = Date().timeIntervalSince(started)
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0 else {
            throw Tool.Failure.failed(command: arguments, status: process.terminationStatus, stderr: "")
        }
        return (seconds, Double(peak) / 1024)
    }

    static func residentKiB(of pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let own = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let children = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? "")
            .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return own + children.reduce(0) { $0 + residentKiB(of: $1) }
    }
}
