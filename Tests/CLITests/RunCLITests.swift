import Foundation
import Store
import Synchronization
import TestSupport
import Testing

/// `callsift run` as a cron job runs it: manifest checks, and a real whisper run killed, stopped
/// and resumed.
@Suite(.serialized) struct RunCLITests {
    /// A manifest for one sample recording, transcribed by whisper in 60-second chunks (so a run
    /// has checkpoints to resume from).
    /// A manifest of sample recordings, transcribed by whisper in 60-second chunks.
    static func manifest(_ recordings: String..., settings: String = "") throws -> (path: String, database: String) {
        let root = try temporaryDirectory("cli-run")
        let path = "\(root)/one.yaml"
        let samples = try SampleTruth.directory.get()
        try """
        output: out
        database: progress.sqlite
        defaults: {org_id: northwind, rep_id: alex}
        engines:
          transcriber: {name: whisper, settings: {max_chunk_seconds: 60}}
        \(settings)
        sources:

        """.appending(recordings.map { "  - file: \(samples)/\($0)\n" }.joined())
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (path, "\(root)/progress.sqlite")
    }

    static func chunks(_ database: String) async throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        let store = try Store(path: database)
        guard let recording = try await store.recordings().first else { return 0 }
        return try await store.chunks(recording.id).count
    }

    /// Starts `callsift run` and sends `signal` once it reports `chunks` chunks transcribed (each
    /// is stored before it is reported). Its event stream is read on a plain thread, not a task:
    /// under a loaded test run the task pool can stall for minutes, long enough for the run to end
    /// before a polling task ever looks.
    /// Runs the manifest and sends `signal` once `chunks` chunks are transcribed, after `meanwhile`
    /// (called while the run still goes on).
    static func interrupt(
        _ manifest: (path: String, database: String), after chunks: Int, with signal: Int32,
        meanwhile: @escaping @Sendable () -> Void = {}
    ) throws -> Process {
        let process = Process()
        let events = Pipe()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = ["run", manifest.path, "--log-format", "json"]
        process.standardOutput = events
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let reader = Thread {
            var seen = 0
            var pending = Data()
            while true {
                let data = events.fileHandleForReading.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[..<newline]
                    pending.removeSubrange(...newline)
                    let event = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
                    guard event?["event"] as? String == "transcribed" else { continue }
                    seen += 1
                    if seen == chunks {
                        meanwhile()
                        kill(pid, signal)
                    }
                }
            }
        }
        reader.start()
        process.waitUntilExit()
        return process
    }

    @Test func checkReportsEveryProblemWithItsLineAndDryRunListsTheWork() throws {
        let root = try temporaryDirectory("cli-run-check")
        try FileManager.default.createDirectory(atPath: "\(root)/calls", withIntermediateDirectories: true)
        for name in ["a.mp3", "b.wav", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: "\(root)/calls/\(name)", contents: Data())
        }
        try """
        output: out
        defaults: {org_id: acme, rep_id: alex}
        sources:
          - path: calls
          - recording_url: https://example.com/day.mp3
            rep_id: "not valid!"
          - file: missing.mp3
        """.write(toFile: "\(root)/m.yaml", atomically: true, encoding: .utf8)
        let check = try CLITests.callsift(["run", "\(root)/m.yaml", "--check"])
        #expect(check.status == 2)
        #expect(check.stderr.contains("m.yaml:6: sources[1].rep_id"), "\(check.stderr)")
        #expect(check.stderr.contains("m.yaml:7: sources[2]"), "\(check.stderr)")
        #expect(check.stdout.contains("2 recording(s) to process"), "\(check.stdout)")

        let dry = try CLITests.callsift(["run", "\(root)/m.yaml", "--dry-run", "--log-format", "json"])
        #expect(dry.status == 0)
        let listed = try CLITests.jsonLines(dry.stdout).compactMap { $0["source"] as? String }
        #expect(listed.map { ($0 as NSString).lastPathComponent } == ["a.mp3", "b.wav"])
        #expect(!FileManager.default.fileExists(atPath: "\(root)/m.sqlite"), "a dry run writes nothing")
        let tooMany = try CLITests.callsift(["run", "\(root)/m.yaml", "--jobs", "1000"])
        #expect(tooMany.status == 2 && tooMany.stderr.contains("1 to 64"), "\(tooMany.stderr)")
    }

    @Test func aMissingSpeechEngineStopsTheRunBeforeAnyRecordingIsTaken() async throws {
        // As with the binary copied out of its clone: no .venv to find.
        let manifest = try Self.manifest("discovery-call.mp3")
        let run = try Tool.run(
            ["env", "CALLSIFT_PYTHON=/nonexistent/bin/python", CLITests.binary, "run", manifest.path], check: false)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("engine_unavailable") && run.stderr.contains("make setup"), "\(run.stderr)")
        // One error for the run, not a failed recording to retry: it is still waiting its turn.
        let recordings = try await Store(path: manifest.database).recordings()
        #expect(recordings.count == 1 && recordings.allSatisfy { $0.status != .failed }, "\(recordings.map(\.status))")
    }

    @Test func aSpeechWorkerThatCannotLoadStopsTheRunBeforeAnyRecordingIsTaken() async throws {
        // A Python that runs but lacks faster-whisper: found when the worker is started, before any lease.
        let manifest = try Self.manifest("discovery-call.mp3")
        let root = (manifest.path as NSString).deletingLastPathComponent
        let python = "\(root)/python"
        try "#!/bin/sh\necho 'ModuleNotFoundError: No module named faster_whisper' >&2\nexit 3\n".write(
            toFile: python, atomically: true, encoding: .utf8)
        chmod(python, 0o755)
        let run = try Tool.run(
            ["env", "CALLSIFT_PYTHON=\(python)", CLITests.binary, "run", manifest.path], check: false)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stderr.contains("engine_unavailable") && run.stderr.contains("No module named faster_whisper"),
            "\(run.stderr)")
        let store = try Store(path: manifest.database)
        let recordings = try await store.recordings()
        #expect(recordings.count == 1 && recordings.allSatisfy { $0.status == .queued }, "\(recordings.map(\.status))")
        #expect(try await store.runs().isEmpty, "no run was started")
    }

    /// As a person watches a night's run: in a terminal (a tmux pane, captured twice a second),
    /// each recording is reported the moment it ends and the ETA covers the whole queue and falls.
    /// Its webhook refuses the first delivery, which the run's delivery loop retries on its
    /// backoff while the run goes on, not only at its end.
    @Test func aRunWatchedInATerminalShowsEachRecordingAsItEndsAndAFallingETA() throws {
        let webhook = try WebhookReceiver.shared().url(failFirst: 1)
        let manifest = try Self.manifest(
            "discovery-call.mp3", "workday.mp3",
            settings: "webhooks: [{url: \"\(webhook)\"}]\nwebhook_retry: {first_seconds: 1, attempts: 3}")
        let session = "callsift-watch-\(getpid())"
        // Started through Python with every other descriptor closed: the tmux server outlives the
        // call and would keep Foundation's own descriptors open, and with them the wait for its exit.
        try Tool.run([
            "python3", "-c",
            "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, "
                + "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True).returncode)",
            "tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "20",
            "\(CLITests.binary) run \(manifest.path); echo EXIT=$?; sleep 60",
        ])
        defer { _ = try? Tool.run(["tmux", "kill-session", "-t", session], check: false) }

        var etas: [Int] = []
        var firstEndedWhileRunning = false
        var slotShown = false
        var pane = ""
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            pane = try Tool.run(["tmux", "capture-pane", "-p", "-t", session]).stdout
            if pane.contains("EXIT=") { break }
            if pane.contains("discovery-call.mp3: 1 conversation(s)") && !pane.contains("recording(s):") {
                firstEndedWhileRunning = true
            }
            if pane.contains("  workday.mp3 · transcribing") { slotShown = true }
            if let match = pane.firstMatch(of: #/ETA (\d+):(\d\d)/#), let minutes = Int(match.1),
                let seconds = Int(match.2)
            {
                let eta = minutes * 60 + seconds
                if etas.last != eta { etas.append(eta) }
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(pane.contains("EXIT=0"), "\(pane)")
        #expect(firstEndedWhileRunning, "the first recording's line appears while the second is transcribed:\n\(pane)")
        #expect(pane.contains("workday.mp3: 5 conversation(s)") && pane.contains("2 recording(s): 2 completed"))
        #expect(slotShown, "a line for the recording in flight, with its stage")
        #expect(!pane.contains("· transcribing"), "the progress block is gone when the run ends:\n\(pane)")
        #expect(etas.count >= 3, "\(etas)")
        #expect((etas.last ?? .max) < (etas.first ?? 0), "the ETA falls: \(etas)")
        let summary = pane.split(separator: "\n").filter { $0.contains("recording(s):") || $0.contains("of audio in") }
        #expect(summary.count == 2 && summary.allSatisfy { $0.count <= 100 }, "\(summary)")

        // Every event arrived once; the first, refused once, arrived again before the run's last
        // event was even written, so by the loop and not by the run's final sending.
        let root = (manifest.path as NSString).deletingLastPathComponent
        let events = try String(contentsOfFile: "\(root)/out/events.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let received = try WebhookReceiver.shared().received(webhook)
        func id(_ body: String) -> String? {
            ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["id"] as? String
        }
        #expect(received.compactMap { id($0.body) }.sorted() == events.compactMap { $0["id"] as? String }.sorted())
        let refused = try #require(received.first { id($0.body) == events.first?["id"] as? String })
        let lastEvent = try #require(
            (events.last?["created_at"] as? String).flatMap {
                try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            })
        #expect(refused.receivedAt < lastEvent.timeIntervalSince1970, "retried during the run")
        #expect(pane.contains("webhook delivery attempt(s) failed"), "the refusal was a warning:\n\(pane)")
        #expect(!pane.contains("waiting"), "nothing was left waiting:\n\(pane)")
    }

    @Test func theJSONLogIsOneObjectPerLineWithTimeLevelRunAndSession() async throws {
        let archive = try ScriptedArchive.make(["pricing-call", "voicemail"], broken: true, failFirstWebhooks: 1)
        let run = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(run.status == 1, "broken.wav fails: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(objects.count == lines.count && objects.count >= 8)
        let runID = try #require(objects.first?["run_id"] as? String)
        let stored = try await Store(path: "\(archive.root)/progress.sqlite").runs()
        #expect(stored.map(\.id) == [runID], "the log's run id is the stored run's")
        for object in objects {
            let ts = object["ts"] as? String ?? ""
            #expect(
                (try? Date(ts, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) != nil, "\(ts)")
            #expect(["info", "notice", "warning", "error"].contains(object["level"] as? String ?? ""), "\(object)")
            #expect(object["event"] is String && object["run_id"] as? String == runID, "\(object)")
        }
        let completed = objects.filter { $0["event"] as? String == "completed" }
        #expect(completed.count == 2)
        for line in completed {
            let bundle = try #require(line["bundle"] as? String)
            #expect(FileManager.default.fileExists(atPath: "\(bundle)/session.json"), "\(line)")
            #expect(bundle.hasSuffix(try #require(line["session_id"] as? String)))
            #expect(line["audio_seconds"] is NSNumber && line["conversations"] is NSNumber, "\(line)")
        }
        let failed = try #require(objects.first { $0["event"] as? String == "failed" })
        #expect(failed["level"] as? String == "error" && failed["code"] as? String == "corrupt_media")
        #expect(failed["session_id"] is String, "a failed recording's lines name its session too")
        #expect(objects.contains { $0["event"] as? String == "warning" && $0["source"] as? String == "webhooks" })
        let summary = try #require(objects.last)
        #expect(summary["event"] as? String == "summary" && summary["level"] as? String == "warning")
        #expect((summary["summary"] as? [String: Any])?["failed"] as? Int == 1)
    }

    @Test func aCronJobHearsOfEveryFailureUntilItIsDealtWith() throws {
        // A broken recording, a receiver that never accepts, and later a source dropped by a typo.
        let archive = try ScriptedArchive.make(["discovery-call"], broken: true, failFirstWebhooks: 1000)
        func summary(_ run: Tool.Result) throws -> [String: Any] {
            try #require(try CLITests.jsonLines(run.stdout).last?["summary"] as? [String: Any])
        }
        let first = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(first.status == 1, "broken.wav failed")
        #expect(try summary(first)["webhooks_waiting"] as? Int ?? 0 > 0, "\(first.stdout)")

        // Nothing new to do, but broken.wav is still failed: still exit 1, until it is retried.
        let again = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(again.status == 1)
        #expect(try summary(again)["previously_failed"] as? Int == 1)
        let text = try CLITests.callsift(["run", archive.manifest])
        #expect(
            text.status == 1 && text.stdout.contains("1 failed earlier")
                && text.stdout.contains("webhook deliveries waiting"), "\(text.stdout)")

        // The broken file is gone from the folder; a new source is dropped by a typo.
        try FileManager.default.removeItem(atPath: "\(archive.folder)/broken.wav")
        try FileManager.default.createDirectory(atPath: "\(archive.root)/more", withIntermediateDirectories: true)
        try ScriptedArchive.record("competitor-call", as: "extra", in: "\(archive.root)/more")
        let manifest = try String(contentsOfFile: archive.manifest, encoding: .utf8) + "\n"
        try (manifest + "  - file: more/extra.wav\n    min_confidance: 0.5\n").write(
            toFile: archive.manifest, atomically: true, encoding: .utf8)
        let typo = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(typo.status == 1, "an entry left out as invalid")
        #expect(try summary(typo)["invalid_entries"] as? Int == 1 && summary(typo)["previously_failed"] as? Int == 0)
        #expect(typo.stdout.contains("min_confidance"), "the problem, as a JSON line")

        // Spelled right: every entry runs, nothing failed; waiting webhooks alone are no failure.
        try (manifest + "  - file: more/extra.wav\n    options: {min_confidence: 0.5}\n").write(
            toFile: archive.manifest, atomically: true, encoding: .utf8)
        let fixed = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(fixed.status == 0, "\(fixed.stdout)")
        #expect(try summary(fixed)["completed"] as? Int == 1)
    }

    /// What `status --json` and `status` printed while a run went on.
    final class Watched: Sendable {
        let outputs = Mutex<(json: String, text: String)?>(nil)
    }

    @Test func aKilledRunResumesAfterItsLastStoredChunk() async throws {
        let manifest = try Self.manifest("workday.mp3")
        // While it runs, `status` (another process, reading the database) shows how far it is.
        let watched = Watched()
        let killed = try Self.interrupt(manifest, after: 2, with: SIGKILL) {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                guard let json = try? CLITests.callsift(["status", "--json", "--database", manifest.database]),
                    let run = (try? CLITests.jsonLines(json.stdout))?.first.flatMap({ $0["runs"] as? [[String: Any]] })?
                        .first,
                    let progress = run["progress"] as? [String: Any],
                    progress["audio_done_seconds"] as? Double ?? 0 > 0
                else {
                    Thread.sleep(forTimeInterval: 0.3)
                    continue
                }
                let text = (try? CLITests.callsift(["status", "--database", manifest.database]).stdout) ?? ""
                watched.outputs.withLock { $0 = (json.stdout, text) }
                return
            }
        }
        #expect(killed.terminationReason == .uncaughtSignal)
        let (json, text) = try #require(watched.outputs.withLock { $0 }, "status showed the run's progress")
        let running = try #require((try CLITests.jsonLines(json).first?["runs"] as? [[String: Any]])?.first)
        #expect(running["state"] as? String == "running" && running["summary"] is NSNull, "\(running)")
        let progress = try #require(running["progress"] as? [String: Any])
        #expect(progress["to_process"] as? Int == 1 && progress["completed"] as? Int == 0, "\(progress)")
        let slot = try #require((progress["in_flight"] as? [[String: Any]])?.first, "\(progress)")
        #expect((slot["source"] as? String ?? "").hasSuffix("workday.mp3"))
        #expect(slot["length_seconds"] as? Double ?? 0 > 490 && slot["transcribed_seconds"] as? Double ?? 0 >= 60)
        #expect(progress["eta_seconds"] is NSNumber && progress["speed"] as? Double ?? 0 > 0, "\(progress)")
        #expect(
            text.contains("running · 0/1 recordings") && text.contains("ETA ")
                && text.contains("    workday.mp3 · transcribing"), "\(text)")
        let done = try await Self.chunks(manifest.database)
        #expect(done >= 2)
        // Its lease outlives it, but its process is gone: not "running".
        let status = try CLITests.jsonLines(
            try CLITests.callsift(["status", "--json", "--database", manifest.database]).stdout)
        let killedRun = try #require((status.first?["runs"] as? [[String: Any]])?.first)
        #expect(killedRun["state"] as? String == "did not finish" && killedRun["summary"] is NSNull, "\(killedRun)")
        #expect(killedRun["progress"] is [String: Any], "where it stood when it was last heard of")

        let resumed = try CLITests.callsift(["run", manifest.path, "--log-format", "json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let total = try await Self.chunks(manifest.database)
        let transcribed = try CLITests.jsonLines(resumed.stdout).filter { $0["event"] as? String == "transcribed" }
        #expect(total >= 8, "8¼ minutes in 60-second chunks")
        #expect(transcribed.count == total - done, "only the chunks not stored before the kill are transcribed again")
        let summary = try #require(try CLITests.jsonLines(resumed.stdout).last?["summary"] as? [String: Any])
        #expect(summary["completed"] as? Int == 1)
        #expect(summary["conversations"] as? Int == 5)
        // Usage: the killed run paid for the chunks it stored, the resumed one for the rest.
        let usage = try await Store(path: manifest.database).usage().filter { $0.stage == .transcription }
        let billed = usage.reduce(0) { $0 + $1.audioSeconds }
        let duration = try #require(summary["audio_seconds"] as? Double)
        #expect(Set(usage.map(\.runID)).count == 2, "both runs billed their part")
        #expect(abs(billed - duration) < 1, "\(billed) s billed for \(duration) s of audio")
    }

    @Test func sigtermStopsBetweenChunksAndTheNextRunFinishes() async throws {
        let manifest = try Self.manifest("workday-stereo.flac")
        let stopped = try Self.interrupt(manifest, after: 1, with: SIGTERM)
        #expect(stopped.terminationStatus == 130)
        let store = try Store(path: manifest.database)
        let recording = try #require(try await store.recordings().first)
        #expect(recording.status != .failed, "stopping is not failing")
        #expect(recording.leaseOwner == nil, "the lease is released for the next run")

        let status = try CLITests.callsift(["status", "--database", manifest.database])
        #expect(status.status == 0)
        let finished = try CLITests.callsift(["run", manifest.path])
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout.contains("1 completed"), "\(finished.stdout)")
        let report = try CLITests.callsift(["report", "--database", manifest.database])
        #expect(report.stdout.contains("5 conversation(s)"), "\(report.stdout)")
    }
}

/// The database commands, on what a sidecar run (seconds, no speech model) wrote.
@Suite struct DatabaseCLITests {
    @Test func theDatabaseCommandsReadWhatARunWrote() throws {
        let archive = try ScriptedArchive.make(["discovery-call", "pricing-call"], failFirstWebhooks: 3)
        let run = try CLITests.callsift(["run", archive.manifest, "--log-format", "json"])
        #expect(run.status == 1, "broken.wav fails: \(run.stderr)")
        let summary = try #require(try CLITests.jsonLines(run.stdout).last?["summary"] as? [String: Any])
        #expect(summary["completed"] as? Int == 2 && summary["failed"] as? Int == 1)

        let database = ["--database", "\(archive.root)/progress.sqlite"]
        let listed = try CLITests.jsonLines(try CLITests.callsift(["sessions", "list", "--json"] + database).stdout)
        #expect(listed.count == 3)
        #expect(
            try CLITests.jsonLines(
                try CLITests.callsift(["sessions", "list", "--json", "--status", "failed"] + database).stdout
            ).count == 1)
        let session = try #require(listed.first { ($0["segments"] as? [Any])?.isEmpty == false })
        let id = try #require(session["id"] as? String)
        let shown = try CLITests.callsift(["sessions", "show", id] + database)
        #expect(shown.stdout.contains(#""id":"\#(id)""#))
        let analysisID = try #require(((session["segments"] as? [[String: Any]])?.first?["analysis_id"]) as? String)
        let analysis = try CLITests.jsonLines(
            try CLITests.callsift(["analyses", "show", analysisID] + database).stdout)
        #expect(analysis.first?["parent_session_id"] as? String == id)
        #expect(try CLITests.callsift(["analyses", "show", "nope"] + database).status == 1)

        #expect(try CLITests.callsift(["sessions", "archive", id] + database).status == 0)
        #expect(
            try CLITests.jsonLines(try CLITests.callsift(["sessions", "list", "--json"] + database).stdout).count == 2)

        let report = try CLITests.jsonLines(
            try CLITests.callsift(["report", "--json", "--manifest", archive.manifest]).stdout)
        let totals = try #require(report.first?["totals"] as? [String: Any])
        #expect(totals["recordings"] as? Int == 2, "the archived session is left out")
        let status = try CLITests.jsonLines(try CLITests.callsift(["status", "--json"] + database).stdout)
        #expect((status.first?["by_status"] as? [String: Int]) == ["completed": 2, "failed": 1])
        // The runs, with the ids `usage --run` takes, their state and figures.
        let runs = try #require(status.first?["runs"] as? [[String: Any]])
        #expect(
            !runs.isEmpty
                && runs.allSatisfy { $0["state"] as? String == "finished" && ($0["id"] as? String)?.count == 36 },
            "\(runs)")
        #expect((runs.first?["summary"] as? [String: Any])?["recordings"] is Int)

        // The receiver refused the first three deliveries; flushing sends them now.
        let flush = try CLITests.callsift(["webhooks", "flush", archive.manifest])
        #expect(flush.status == 0, "\(flush.stdout) \(flush.stderr)")
        #expect(try WebhookReceiver.shared().received(archive.webhook).count == archive.events().count)

        // Still broken: retrying fails it again, and says so.
        let retry = try CLITests.callsift(["retry", archive.manifest, "--failed"])
        #expect(retry.status == 1)
        #expect(retry.stderr.contains("broken.wav: error corrupt_media"), "\(retry.stderr) \(retry.stdout)")
    }

    @Test func twoProcessesOnOneDatabaseSplitTheWork() throws {
        let archive = try ScriptedArchive.make(
            [
                "discovery-call", "competitor-call", "renewal-call", "authority-call", "pricing-call", "voicemail",
                "internal-chatter",
            ], broken: false)
        let runs = try (0..<2).map { _ -> (Process, Pipe) in
            let process = Process()
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = ["run", archive.manifest, "--log-format", "json"]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, output)
        }
        var completed = 0
        for (process, output) in runs {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 || process.terminationStatus == 3)
            let summary = try #require(try CLITests.jsonLines(text).last?["summary"] as? [String: Any])
            completed += summary["completed"] as? Int ?? 0
        }
        #expect(completed == 7, "each recording processed by exactly one of the two")
        let started = try archive.events().filter { $0["type"] as? String == "all_day_session.processing_started" }
        #expect(started.count == 7)
    }

    @Test func whenAnotherRunHoldsEverythingLeftTheExitStatusIs3() async throws {
        let archive = try ScriptedArchive.make(["voicemail"], broken: false)
        #expect(try CLITests.callsift(["run", archive.manifest, "--quiet"]).status == 0)
        // Another host's run holds the recording (a live lease, not this host's dead process).
        let store = try Store(path: "\(archive.root)/progress.sqlite")
        let recording = try #require(try await store.recordings().first)
        #expect(try await store.requeue(recording.id))
        #expect(try await store.claim(recording.id, owner: "otherhost:1:abc", ttl: 600))
        let held = try CLITests.callsift(["run", archive.manifest])
        #expect(held.status == 3, "\(held.stdout) \(held.stderr)")
        #expect(held.stdout.contains("1 held by another run"), "\(held.stdout)")
    }
}

/// The whole run on real media with the real engine: several formats, a silent file, a broken
/// one, a URL; then the same archive killed with SIGKILL again and again until done, compared with
/// an uninterrupted run.
@Suite(.serialized) struct EndToEndTests {
    /// Files, rows and events without the times they were made at: what must match between runs.
    static func timeless(_ text: String) -> String {
        text.replacingOccurrences(
            of: #""(created_at|started_at|completed_at|analyzed_at)":("[^"]*"|null)"#, with: #""$1":"""#,
            options: .regularExpression)
    }

    /// Every file under `folder` (relative path → contents, JSON without its times).
    static func files(_ folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(folder)/\(name)", isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
            if name.hasSuffix(".json") {
                files[name] = timeless(String(decoding: data, as: UTF8.self))
            } else if name.hasSuffix(".html") {
                // The report shows when the session completed: every other byte must match.
                files[name] = String(decoding: data, as: UTF8.self).replacingOccurrences(
                    of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, with: "TIME", options: .regularExpression)
            } else {
                files[name] = "\(data.count) bytes: " + data.base64EncodedString()
            }
        }
        return files
    }

    static func archive(_ recordings: [String], sources: String) throws -> String {
        let root = try temporaryDirectory("e2e")
        try FileManager.default.createDirectory(atPath: "\(root)/in", withIntermediateDirectories: true)
        let samples = try SampleTruth.directory.get()
        for name in recordings {
            try FileManager.default.copyItem(atPath: "\(samples)/\(name)", toPath: "\(root)/in/\(name)")
        }
        try """
        output: out
        database: progress.sqlite
        playbooks: \(ScriptedCall.repositoryRoot.path)/playbooks
        defaults: {org_id: northwind, rep_id: alex}
        engines:
          transcriber: {name: whisper, settings: {max_chunk_seconds: 60}}
        sources:
        \(sources)
        """.write(toFile: "\(root)/m.yaml", atomically: true, encoding: .utf8)
        return root
    }

    @Test func formatsSilenceBrokenFilesAndAURLEachEndAsTheyShould() throws {
        let samples = try SampleTruth.directory.get()
        // The URL: a sample served on loopback, with Range support.
        let served = "\(try Fixtures.shared().directory)/e2e-pricing-call.webm"
        if !FileManager.default.fileExists(atPath: served) {
            try FileManager.default.copyItem(atPath: "\(samples)/pricing-call.webm", toPath: served)
        }
        let url = try FixtureServer.shared().url("range", served)
        let root = try Self.archive(
            [
                "discovery-call.mp3", "renewal-call-stereo.flac", "competitor-call.ogg", "authority-call.opus",
                "voicemail.mp3",
            ],
            sources: "  - path: in\n  - recording_url: \(url)")
        try Tool.run(["sox", "-n", "-r", "16000", "-c", "1", "\(root)/in/silence.wav", "trim", "0", "20"])
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: "\(root)/in/notes.m4a"))
        let run = try CLITests.callsift(["run", "\(root)/m.yaml", "--log-format", "json", "--jobs", "1"])
        #expect(run.status == 1, "two recordings fail")
        let lines = try CLITests.jsonLines(run.stdout)
        let failed = Dictionary(
            uniqueKeysWithValues: lines.filter { $0["event"] as? String == "failed" }.map {
                (($0["source"] as! String as NSString).lastPathComponent, $0["code"] as! String)
            })
        #expect(failed == ["silence.wav": "no_speech", "notes.m4a": "unsupported_format"])
        // Each recording's end is printed when it ends, before the next one starts (one at a
        // time), not all together after the last.
        let flow = lines.compactMap { line -> String? in
            guard let event = line["event"] as? String, ["started", "completed", "failed"].contains(event) else {
                return nil
            }
            return event == "started" ? "started" : "ended"
        }
        #expect(flow == Array(repeating: ["started", "ended"], count: flow.count / 2).flatMap { $0 }, "\(flow)")
        let summary = try #require(lines.last?["summary"] as? [String: Any])
        #expect(summary["completed"] as? Int == 6)
        #expect(summary["conversations"] as? Int == 5, "four calls, the URL's call; the voicemail is none")

        // Every completed bundle: seed shapes, and the URL's playback points at the URL.
        let base = "\(root)/out/northwind/alex"
        for folder in try FileManager.default.contentsOfDirectory(atPath: base) {
            let session = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(base)/\(folder)/session.json"))) as? [String: Any])
            for key in [
                "id", "status", "segments_detected", "segments_analyzed", "segments_pending_review", "segments_skipped",
                "segments", "error",
                "created_at", "completed_at",
            ] {
                #expect(session.keys.contains(key), "\(folder): \(key)")
            }
            for segment in session["segments"] as? [[String: Any]] ?? [] {
                if let id = segment["analysis_id"] as? String {
                    let analysis = try #require(
                        try JSONSerialization.jsonObject(
                            with: Data(contentsOf: URL(fileURLWithPath: "\(base)/\(folder)/analyses/\(id).json")))
                            as? [String: Any])
                    #expect(analysis["parent_session_id"] as? String == session["id"] as? String)
                    #expect((analysis["analysis"] as? [String: Any])?["overall_score"] is Int)
                }
                if session["recording_url"] as? String == url {
                    #expect((segment["playback"] as? [String: Any])?["recording_url"] as? String == url)
                }
            }
        }
    }

    @Test func killedAgainAndAgainARunEndsWithTheSameFilesAndRowsAsAnUninterruptedOne() async throws {
        let root = try Self.archive(
            ["workday-stereo.flac", "discovery-call.mp3", "pricing-call.webm"], sources: "  - path: in")
        func events() throws -> [String] {
            try String(contentsOfFile: "\(root)/out/events.jsonl", encoding: .utf8).split(separator: "\n").map {
                let event = try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
                return "\(event["type"]!) \(event["id"]!)"
            }
        }
        func rows() async throws -> [String] {
            let store = try Store(path: "\(root)/progress.sqlite")
            var rows: [String] = []
            for session in try await store.sessions() {
                rows.append(Self.timeless(String(decoding: session.json, as: UTF8.self)))
                for analysis in try await store.analyses(sessionID: session.id) {
                    rows.append(Self.timeless(String(decoding: analysis.json, as: UTF8.self)))
                }
            }
            return rows
        }

        // Uninterrupted.
        let calm = try CLITests.callsift(["run", "\(root)/m.yaml", "--quiet"])
        #expect(calm.status == 0, "\(calm.stderr)")
        let expectedFiles = try Self.files("\(root)/out").filter { $0.key != "events.jsonl" }
        let expectedEvents = try events()
        let expectedRows = try await rows()
        try FileManager.default.removeItem(atPath: "\(root)/out")
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: "\(root)/progress.sqlite\(suffix)")
        }

        // Killed with SIGKILL after 2 s, 3 s, ... until a run gets to the end: short steps first, so at
        // least four runs are cut short however much of the work each one gets done.
        var kills = 0
        var ended: [String] = []
        for delay in [2.0, 3.0, 4.0, 5.0, 6.5, 8.0, 10.0, 12.0, 14.0, 16.0] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = ["run", "\(root)/m.yaml", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A blocking sleep, not a task's: under a loaded test run the task pool can stall for a
            // minute, and the run would finish before the kill it was meant to get.
            usleep(useconds_t(delay * 1_000_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            if process.terminationReason == .exit {
                ended.append("after \(delay) s: exit \(process.terminationStatus)")
            }
        }
        let last = try CLITests.callsift(["run", "\(root)/m.yaml", "--quiet"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 4, "the runs were really interrupted; ended by themselves: \(ended)")

        // The same files (but for their times), the same rows, the same events, none twice.
        let files = try Self.files("\(root)/out").filter { $0.key != "events.jsonl" }
        #expect(Set(files.keys) == Set(expectedFiles.keys))
        for (name, content) in expectedFiles { #expect(files[name] == content, "\(name) differs") }
        #expect(try await rows() == expectedRows)
        let got = try events()
        #expect(Set(got).count == got.count, "no event twice")
        #expect(got.sorted() == expectedEvents.sorted())
    }
}
