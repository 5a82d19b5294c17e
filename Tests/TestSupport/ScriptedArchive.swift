import Foundation

/// A folder of recordings with SRT sidecars beside them (the sidecar engine: no speech model, so
/// these tests take seconds) and a manifest that runs it.
public struct ScriptedArchive: Sendable {
    public let folder: String
    public let manifest: String
    public let webhook: String

    static func srtTime(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        return String(
            format: "%02d:%02d:%02d,%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000)
    }

    /// `NAME.wav` (a quiet tone as long as the call) and `NAME.srt` from `samples/scripts/SCRIPT.txt`.
    public static func record(_ script: String, as name: String, in folder: String, padding: Double = 1) throws {
        let lines = try ScriptedCall.script(script)
        let customer =
            lines.first { $0.hasPrefix("# customer:") }.map { $0.dropFirst(11).trimmingCharacters(in: .whitespaces) }
            ?? "Sam"
        let utterances = ScriptedCall.utterances(lines, startingAt: 0.5)
        var srt = ""
        for (index, utterance) in utterances.enumerated() {
            let who = utterance.speaker == 0 ? "Alex" : utterance.speaker == 1 ? customer : "Sam"
            srt +=
                "\(index + 1)\n\(srtTime(utterance.start)) --> \(srtTime(utterance.end))\n\(who): \(utterance.transcript)\n\n"
        }
        try Data(srt.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name).srt"))
        let seconds = (utterances.last?.end ?? 1) + padding
        try Tool.run([
            "sox", "-n", "-r", "16000", "-c", "1", "\(folder)/\(name).wav", "synth", String(seconds), "sine", "140",
            "vol", "0.1",
        ])
    }

    /// Recordings named after their scripts, a broken file, and the manifest.
    public static func make(_ scripts: [String], broken: Bool = true, failFirstWebhooks: Int = 0) throws
        -> ScriptedArchive
    {
        let root = try temporaryDirectory("archive")
        let folder = "\(root)/recordings"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for script in scripts { try record(script, as: script, in: folder) }
        if broken {
            try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(
                to: URL(fileURLWithPath: "\(folder)/broken.wav"))
        }
        let webhook = try WebhookReceiver.shared().url(failFirst: failFirstWebhooks)
        let manifest = "\(root)/nightly.yaml"
        try """
        output: out
        database: progress.sqlite
        playbooks: \(ScriptedCall.repositoryRoot.path)/playbooks
        defaults:
          org_id: northwind
          rep_id: alex
        engines:
          transcriber: sidecar
        webhooks:
          - url: \(webhook)
            secret: s3cret
        sources:
          - path: recordings
            include: ["*.wav"]
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        return ScriptedArchive(folder: folder, manifest: manifest, webhook: webhook)
    }

    /// The manifest's folder: `out/` (bundles) and `progress.sqlite` are there.
    public var root: String { (manifest as NSString).deletingLastPathComponent }

    /// `out/events.jsonl`, parsed.
    public func events() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: "\(root)/out/events.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// Every `session.json` under `out/northwind/alex/`, by session id.
    public func sessions() throws -> [[String: Any]] {
        let base = "\(root)/out/northwind/alex"
        return try FileManager.default.contentsOfDirectory(atPath: base).sorted().map {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(base)/\($0)/session.json")))
                as! [String: Any]
        }
    }
}
