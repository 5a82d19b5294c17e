import Foundation
import TestSupport

/// `callsift run` over a 100-recording manifest (the seven single-call samples in rotation, in
/// their five formats and dialer stereo), against the sum of its stages run alone, one command per
/// recording and stage: `probe`, `transcribe` (a worker started, its model loaded, each time),
/// `analyze`, `cut` per conversation.
enum RunBench {
    static let recordings = 100

    static func run(row: (String, String, String, String) -> Void) throws {
        let repository = FileManager.default.currentDirectoryPath
        let callsift = "\(repository)/.build/release/callsift"
        let samples = "\(workDirectory)/samples"
        try Tool.run(["python3", "\(repository)/samples/generate.py", samples])
        let calls = try FileManager.default.contentsOfDirectory(atPath: samples)
            .filter { !$0.hasSuffix(".json") && !$0.hasPrefix("workday") }.sorted()
        let root = "\(workDirectory)/run-100"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: "\(root)/in", withIntermediateDirectories: true)
        var audioSeconds = 0.0
        var files: [String] = []
        for index in 0..<recordings {
            let call = calls[index % calls.count]
            let path = "\(root)/in/\(String(format: "%03d", index))-\(call)"
            try FileManager.default.linkItem(atPath: "\(samples)/\(call)", toPath: path)
            files.append(path)
        }
        for call in calls {
            let copies = Double((0..<recordings).filter { calls[$0 % calls.count] == call }.count)
            let probe = try Tool.run([callsift, "probe", "--json", "\(samples)/\(call)"]).stdout
            let duration =
                (try JSONSerialization.jsonObject(with: Data(probe.utf8)) as? [String: Any])?["duration_seconds"]
                as? Double ?? 0
            audioSeconds += copies * duration
        }
        try """
        output: out
        database: progress.sqlite
        defaults: {org_id: bench, rep_id: alex}
        sources:
          - path: in
        """.write(toFile: "\(root)/bench.yaml", atomically: true, encoding: .utf8)

        let whole = try SpeechBench.timed { try Tool.run([callsift, "run", "\(root)/bench.yaml", "--quiet"]) }
        var usage = rusage()
        getrusage(Int32(RUSAGE_CHILDREN.rawValue), &usage)
        let peakMiB = Double(usage.ru_maxrss) / 1024

        var stages: [String: Double] = ["probe": 0, "transcribe": 0, "analyze": 0, "cut": 0]
        for (index, file) in files.enumerated() {
            let out = "\(root)/alone/\(index)"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            stages["probe"]! += try SpeechBench.timed { try Tool.run([callsift, "probe", file]) }.seconds
            stages["transcribe"]! += try SpeechBench.timed {
                try Tool.run([callsift, "transcribe", file, "-o", "\(out)/t.json"])
            }.seconds
            stages["analyze"]! += try SpeechBench.timed {
                try Tool.run([callsift, "analyze", "\(out)/t.json", "-o", out, "--recording", file])
            }
            .seconds
            let session =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/session.json")))
                as? [String: Any]
            for (number, segment) in ((session?["segments"] as? [[String: Any]]) ?? []).enumerated() {
                let start = segment["start_seconds"] as? Double ?? 0
                let end = segment["end_seconds"] as? Double ?? 0
                stages["cut"]! += try SpeechBench.timed {
                    try Tool.run([
                        callsift, "cut", file, "--start", String(start), "--end", String(end), "-o",
                        "\(out)/segment-\(number).\((file as NSString).pathExtension)",
                    ])
                }.seconds
            }
        }
        let sum = stages.values.reduce(0, +)
        let summary = whole.result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        row(
            String(format: "callsift run, %d recordings (%.0f min)", recordings, audioSeconds / 60),
            String(format: "%.1f s (%.1f× realtime)", whole.seconds, audioSeconds / whole.seconds),
            String(
                format: "stages alone: %.1f s (probe %.1f, transcribe %.1f, analyze %.1f, cut %.1f)", sum,
                stages["probe"]!,
                stages["transcribe"]!, stages["analyze"]!, stages["cut"]!),
            String(format: "%.2f× faster; peak memory %.0f MiB (largest process)", sum / whole.seconds, peakMiB))
        print("  " + summary)
    }
}
