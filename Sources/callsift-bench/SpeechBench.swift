import Foundation
import Media
import TestSupport

/// `callsift transcribe` against bare faster-whisper on the same audio, same model, same settings.
enum SpeechBench {
    static func run(row: (String, String, String, String) -> Void) throws {
        let repository = FileManager.default.currentDirectoryPath
        let callsift = "\(repository)/.build/release/callsift"
        let python = "\(repository)/.venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: callsift) else {
            print("speech: build callsift in release first (make bench does)")
            return
        }
        // 20 minutes of real read speech: the LibriVox clips of pocketsphinx-testdata, repeated.
        let librivox = "/usr/share/pocketsphinx/test/data/librivox"
        let clips = try FileManager.default.contentsOfDirectory(atPath: librivox).filter { $0.hasSuffix(".wav") }
            .sorted()
        let twenty = try make("speech-20min-v2.mp3") { path in
            let list = "\(workDirectory)/speech-list.txt"
            let once = clips.map { "file '\(librivox)/\($0)'" }.joined(separator: "\n")
            try String(repeating: once + "\n", count: 60).write(toFile: list, atomically: true, encoding: .utf8)
            try Tool.run([
                "ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-t", "1200", "-c:a",
                "libmp3lame", "-b:a", "48k", "-f",
                "mp3", path,
            ])
        }
        // 2 hours: the same 20 minutes, then 100 minutes of a quiet noise floor (as a day's recording
        // between calls): every chunk still travels through decoder, chunker and worker.
        let twoHours = try make("speech-2h-v2.mp3") { path in
            try Tool.run([
                "ffmpeg", "-v", "error", "-y", "-i", twenty, "-f", "lavfi", "-i",
                "anoisesrc=color=pink:amplitude=0.002:r=16000:d=6000",
                "-filter_complex", "[0][1]concat=n=2:v=0:a=1", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k", "-f",
                "mp3", path,
            ])
        }
        let seconds = try Probe.probe(MediaSource(twenty)).durationSeconds
        let longSeconds = try Probe.probe(MediaSource(twoHours)).durationSeconds
        let ours = try transcribe(callsift, twenty)
        let bare = try timed { try Tool.run([python, "\(repository)/bench/bare_whisper.py", twenty]) }
        let bareFields = bare.result.stdout.split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let barePeak = (Double(bareFields.last ?? "") ?? 0) / 1024
        let long = try transcribe(callsift, twoHours)
        row(
            String(format: "transcribe %.0f min (tiny.en)", seconds / 60),
            String(format: "%.1f s (%.1f× realtime)", ours.seconds, seconds / ours.seconds),
            String(format: "bare faster-whisper: %.1f s (%.1f×)", bare.seconds, seconds / bare.seconds),
            String(format: "%.2f of its speed (target ≥ 0.9)", bare.seconds / ours.seconds))
        row(
            "peak memory (callsift + worker)",
            String(format: "%.0f min: %.0f + %.0f MiB", seconds / 60, ours.callsiftMiB, ours.workerMiB),
            String(format: "bare: %.0f MiB", barePeak),
            String(
                format: "%.0f min: %.0f + %.0f MiB, %.1f s", longSeconds / 60, long.callsiftMiB, long.workerMiB,
                long.seconds))

        // The whole pipeline (`callsift run`: probe, decode, chunking, transcription, detection,
        // analysis, SQLite, bundles, segment cuts) against the bare engine on the same audio.
        let samples = "\(workDirectory)/samples"
        try Tool.run(["python3", "\(repository)/samples/generate.py", samples])
        for (label, audio, audioSeconds) in [
            (String(format: "callsift run, %.0f min of read speech", seconds / 60), twenty, seconds),
            (
                "callsift run, the 8¼-min sample workday", "\(samples)/workday-stereo.flac",
                try Probe.probe(MediaSource("\(samples)/workday-stereo.flac")).durationSeconds
            ),
        ] {
            let pipeline = try runPipeline(callsift, audio)
            let reference =
                audio == twenty
                ? bare.seconds
                : try timed { try Tool.run([python, "\(repository)/bench/bare_whisper.py", audio]) }.seconds
            row(
                label,
                String(format: "%.1f s (%.1f× realtime), ", pipeline.seconds, audioSeconds / pipeline.seconds)
                    + pipeline.summary,
                String(format: "bare faster-whisper: %.1f s", reference),
                String(format: "overhead %+.1f%% (target ≤ 10%%)", 100 * (pipeline.seconds / reference - 1)))
        }
    }

    /// `callsift run` on a manifest naming `audio` alone, with a fresh database and output.
    static func runPipeline(_ callsift: String, _ audio: String) throws -> (seconds: Double, summary: String) {
        let folder = "\(workDirectory)/run-\(URL(fileURLWithPath: audio).deletingPathExtension().lastPathComponent)"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
        output: out
        database: progress.sqlite
        defaults: {org_id: bench, rep_id: bench}
        sources:
          - file: \(audio)
        """.write(toFile: "\(folder)/bench.yaml", atomically: true, encoding: .utf8)
        let run = try timed { try Tool.run([callsift, "run", "\(folder)/bench.yaml", "--quiet"]) }
        let line = run.result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let conversations = line.components(separatedBy: " · ").dropFirst().first ?? ""
        return (run.seconds, conversations)
    }

    static func timed<T>(_ body: () throws -> T) rethrows -> (result: T, seconds: Double) {
        let started = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(started))
    }

    /// Runs `callsift transcribe` and reads the peaks it reports in its summary line
    /// ("peak memory: callsift 45 MiB, worker 812 MiB": each process's own getrusage maximum).
    static func transcribe(_ callsift: String, _ audio: String) throws -> (
        seconds: Double, callsiftMiB: Double, workerMiB: Double
    ) {
        let run = try timed {
            try Tool.run([
                callsift, "transcribe", audio, "-o",
                "\(workDirectory)/\(URL(fileURLWithPath: audio).lastPathComponent).json",
            ])
        }
        let peaks =
            run.result.stderr.components(separatedBy: "peak memory: ").last?
            .split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) } ?? []
        return (run.seconds, peaks.first ?? 0, peaks.dropFirst().first ?? 0)
    }
}
