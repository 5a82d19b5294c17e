import Foundation
import Manifests
import Media
import Sessions
import Store
import Transcription

/// `callsift doctor`: what this host runs with and whether a run would start here. The same checks
/// `run` makes before it takes a recording (`Preflight`, `EngineFactory.prepare`), plus the
/// versions a bug report needs.
public enum HostCheck {
    public struct Finding: Sendable, Codable, Equatable {
        public var check: String
        public var ok: Bool
        public var detail: String
    }

    /// Every finding, in the order a person reads them; `manifest` adds its output, database and
    /// engines (without one: the default whisper engine).
    public static func examine(_ manifest: Manifest?) async -> [Finding] {
        var findings = MediaLibraries.versions.map { Finding(check: $0.name, ok: true, detail: $0.version) }
        let sqlite = Store.sqliteVersion
        findings.append(Finding(check: "SQLite", ok: sqlite != nil, detail: sqlite ?? "cannot open a database"))
        let transcriber = manifest?.engines.transcriber ?? .init(.whisper)
        findings.append(await speechEngine(transcriber))
        guard let manifest else { return findings }
        do {
            _ = try EngineFactory.stages(manifest.engines)
            let llm = manifest.engines.llm.map { "llm at \($0.baseURL), model \($0.model)" }
            findings.append(Finding(check: "detector and analyzer", ok: true, detail: llm ?? "built-in"))
        } catch {
            findings.append(
                Finding(check: "detector and analyzer", ok: false, detail: "\(error.code): \(error.message)"))
        }
        do {
            try Preflight.checkOutput(manifest.output)
            let space = Preflight.freeBytes(at: manifest.output).map { ", \(Preflight.mebibytes($0)) free" } ?? ""
            findings.append(Finding(check: "output", ok: true, detail: "\(manifest.output) takes files\(space)"))
        } catch {
            findings.append(Finding(check: "output", ok: false, detail: "\(error.code): \(error.message)"))
        }
        findings.append(await database(manifest.database))
        return findings
    }

    /// The engine made and started as a run would: for whisper, the worker launched and its models loaded.
    static func speechEngine(_ choice: Manifest.Engines.Choice<Manifest.Engines.Transcriber>) async -> Finding {
        let started = ContinuousClock.now
        do {
            let engine = try await EngineFactory.prepare(choice)
            guard let whisper = engine as? WhisperEngine else {
                return Finding(check: "speech engine", ok: true, detail: engine.name)
            }
            defer { whisper.shutdown() }
            let seconds = started.duration(to: .now).components
            let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
            let encoder = whisper.encoderFailure.map { "; voice encoder unavailable: \($0)" } ?? ""
            return Finding(
                check: "speech engine", ok: true,
                detail:
                    "whisper \(whisper.settings.modelName) on \(whisper.settings.device) with \(whisper.settings.python): "
                    + "worker started, models loaded in \(String(format: "%.1f", elapsed)) s\(encoder)")
        } catch {
            return Finding(check: "speech engine", ok: false, detail: "\(error.code): \(error.message)")
        }
    }

    /// An existing database opened (read only) and checked; a new one only needs a folder that takes files.
    static func database(_ path: String) async -> Finding {
        guard Store.isServer(path) || FileManager.default.fileExists(atPath: path) else {
            let folder = (path as NSString).deletingLastPathComponent
            let writable = FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
            return Finding(
                check: "database", ok: writable,
                detail: writable ? "\(path) will be created" : "\(path) cannot be created: \(folder) takes no files")
        }
        do {
            // Read only: doctor neither migrates nor journals a database a run may be using.
            let store = try await Store.open(path, readingOnly: true)
            try await store.checkIntegrity()
            return Finding(check: "database", ok: true, detail: "\(path) opens and passes its integrity check")
        } catch {
            let object = ErrorObject(error, source: nil)
            return Finding(check: "database", ok: false, detail: "\(object.code): \(object.message)")
        }
    }
}
