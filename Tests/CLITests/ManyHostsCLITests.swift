import Foundation
import Synchronization
import TestSupport
import Testing

/// Many `callsift run` workers on one PostgreSQL database, as hosts of a cluster would run them:
/// the sidecar engine keeps each recording short, so what is measured is the coordination.
@Suite struct ManyHostsCLITests {
    /// The output of a worker started in the background, read line by line as it comes.
    final class Worker: @unchecked Sendable {
        // @unchecked: the process and thread are only waited for after they start.
        let process: Process
        let lines = Shared<[String]>([])
        private let reader: Thread

        init(
            _ arguments: [String], executable: String = CLITests.binary, environment: [String: String] = [:],
            onLine: @escaping @Sendable (String, Process) -> Void = { _, _ in }
        ) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
            let lines = lines
            reader = Thread {
                var pending = Data()
                while true {
                    let data = out.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    pending.append(data)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: pending[..<newline], as: UTF8.self)
                        pending.removeSubrange(...newline)
                        lines.value.withLock { $0.append(line) }
                        onLine(line, process)
                    }
                }
            }
            reader.start()
        }

        func wait() -> [[String: Any]] {
            process.waitUntilExit()
            // The reader has seen the end of the pipe once the process is gone and it drained.
            for _ in 0..<100 where reader.isExecuting { Thread.sleep(forTimeInterval: 0.05) }
            return lines.value.withLock { $0 }.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }
    }

    /// A value threads share.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ initial: Value) { value = Mutex(initial) }
    }

    static func events(_ log: [[String: Any]], _ name: String) -> [String] {
        log.filter { $0["event"] as? String == name }.compactMap { $0["source"] as? String }
    }

    /// Every JSON file and segment of a bundle tree, times and absolute paths set aside, by path.
    static func bundles(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: root) where !path.hasSuffix("events.jsonl") {
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &directory),
                !directory.boolValue, !path.hasSuffix(".html")
            else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(path)"))
            guard path.hasSuffix(".json") else {
                files[path] = data
                continue
            }
            func strip(_ value: Any) -> Any {
                if let object = value as? [String: Any] {
                    return object.filter { !$0.key.hasSuffix("_at") }.mapValues(strip)
                }
                if let array = value as? [Any] { return array.map(strip) }
                return value
            }
            files[path] = try JSONSerialization.data(
                withJSONObject: strip(try JSONSerialization.jsonObject(with: data)), options: [.sortedKeys])
        }
        return files
    }

    /// A server that does not answer is one clear error, not a wait without end (the pool keeps
    /// trying to connect).
    @Test func aDatabaseServerThatIsNotThereIsReportedUnavailable() throws {
        let started = Date()
        let status = try CLITests.callsift(["status", "--database", "postgres://callsift@127.0.0.1:1/none"])
        #expect(status.status == 1 && status.stderr.contains("error database_unavailable"), "\(status.stderr)")
        #expect(status.stderr.contains("Connection refused"), "the server's reason: \(status.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// The job-array script submitted for real to a one-node Slurm cluster: three tasks share the
    /// recordings through the database, each done once.
    @Test(.enabled(if: SlurmCluster.available, "needs root and Debian's slurm-wlm and munge"))
    func aSlurmArrayOfThreeTasksDrainsTheArchive() throws {
        let scripts = [
            "discovery-call", "pricing-call", "competitor-call", "renewal-call", "authority-call", "voicemail",
        ]
        let archive = try ScriptedArchive.make(scripts, broken: false)
        for script in scripts { try ScriptedArchive.record(script, as: script + "-again", in: archive.folder) }
        let database = try PostgresServer.shared().database()
        let manifest = "\(archive.root)/cluster.yaml"
        try
            ("output: out-cluster\ndatabase: \(database)\n"
            + (try String(contentsOfFile: archive.manifest, encoding: .utf8))
            .replacingOccurrences(of: "output: out\n", with: "")
            .replacingOccurrences(of: "database: progress.sqlite\n", with: "")).write(
                toFile: manifest, atomically: true, encoding: .utf8)
        let script = ScriptedCall.repositoryRoot.appendingPathComponent("deploy/slurm/callsift-array.sbatch").path
        let path = (CLITests.binary as NSString).deletingLastPathComponent
        let submitted = try SlurmCluster.shared().submitAndWait([
            "--array=0-2", "--cpus-per-task=1", "--mem=1G", "--output=\(archive.root)/task-%a.log",
            "--export=ALL,CALLSIFT_MANIFEST=\(manifest),PATH=\(path):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
            script, "--lease-seconds", "5",
        ])
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        var completed: [String] = []
        for task in 0..<3 {
            let log = try String(contentsOfFile: "\(archive.root)/task-\(task).log", encoding: .utf8)
            let lines = log.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            #expect(lines.last?["event"] as? String == "summary", "task \(task) ran to its summary: \(log.suffix(500))")
            completed += Self.events(lines, "completed")
        }
        #expect(completed.count == 12 && Set(completed).count == 12, "each recording once: \(completed.sorted())")
        let statuses = try PostgresServer.shared().psql(
            database, "SELECT status, count(*) FROM recording_status GROUP BY status")
        #expect(statuses.trimmingCharacters(in: .whitespacesAndNewlines) == "completed|12", "\(statuses)")
    }

    @Test func threeWorkersOnePostgresDatabaseEveryRecordingOnceThoughOneIsKilled() throws {
        let scripts = [
            "discovery-call", "pricing-call", "competitor-call", "renewal-call", "authority-call", "voicemail",
        ]
        let archive = try ScriptedArchive.make(scripts, broken: false)
        for script in scripts { try ScriptedArchive.record(script, as: script + "-again", in: archive.folder) }
        let database = try PostgresServer.shared().database()
        let base = try String(contentsOfFile: archive.manifest, encoding: .utf8)
            .replacingOccurrences(of: "output: out\n", with: "")
            .replacingOccurrences(of: "database: progress.sqlite\n", with: "")
        let shared = "\(archive.root)/shared.yaml"
        let alone = "\(archive.root)/alone.yaml"
        try ("output: out-shared\ndatabase: \(database)\n" + base).write(
            toFile: shared, atomically: true, encoding: .utf8)
        try ("output: out-alone\ndatabase: alone.sqlite\n" + base).write(
            toFile: alone, atomically: true, encoding: .utf8)

        let arguments = ["run", shared, "--drain", "--jobs", "1", "--lease-seconds", "5", "--log-format", "json"]
        // The first worker is killed the moment it says it took a recording: mid-recording.
        let victim = Shared<String?>(nil)
        let killed = try Worker(arguments) { line, process in
            guard victim.value.withLock({ $0 }) == nil,
                let event = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                event["event"] as? String == "started", let source = event["source"] as? String
            else { return }
            kill(process.processIdentifier, SIGKILL)
            victim.value.withLock { $0 = source }
        }
        // The other two as a Slurm array task runs them: the job script, on a node with callsift on PATH.
        let script = ScriptedCall.repositoryRoot.appendingPathComponent("deploy/slurm/callsift-array.sbatch").path
        let path = (CLITests.binary as NSString).deletingLastPathComponent
        let workers = try (0..<2).map { task in
            try Worker(
                [script, "--lease-seconds", "5"], executable: "/bin/bash",
                environment: [
                    "CALLSIFT_MANIFEST": shared, "SLURM_CPUS_PER_TASK": "4", "SLURM_ARRAY_TASK_ID": String(task),
                    "PATH": path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                ])
        }
        let killedLog = killed.wait()
        let logs = workers.map { $0.wait() }
        #expect(killed.process.terminationReason == .uncaughtSignal)
        for (worker, log) in zip(workers, logs) {
            #expect(worker.process.terminationStatus == 0, "\(log.last ?? [:])")
        }

        // Every recording completed exactly once, the killed worker's by one of the others.
        let sources = try FileManager.default.contentsOfDirectory(atPath: archive.folder)
            .filter { $0.hasSuffix(".wav") }.map { "\(archive.folder)/\($0)" }
        #expect(sources.count == 12)
        let completed = logs.flatMap { Self.events($0, "completed") } + Self.events(killedLog, "completed")
        #expect(completed.sorted() == sources.sorted(), "each source completed once: \(completed.sorted())")
        let taken = try #require(victim.value.withLock { $0 })
        #expect(logs.flatMap { Self.events($0, "completed") }.contains(taken), "\(taken) finished by another worker")
        let statuses = try PostgresServer.shared().psql(
            database, "SELECT status, count(*) FROM recording_status GROUP BY status")
        #expect(statuses.trimmingCharacters(in: .whitespacesAndNewlines) == "completed|12", "\(statuses)")

        // The same bundles as one process on SQLite makes.
        let single = try CLITests.callsift(["run", alone, "--log-format", "json"])
        #expect(single.status == 0, "\(single.stderr)")
        let expected = try Self.bundles("\(archive.root)/out-alone")
        let made = try Self.bundles("\(archive.root)/out-shared")
        #expect(made.count == expected.count && made.count >= 12 * 3, "\(made.count) files, \(expected.count) expected")
        for (path, data) in expected {
            #expect(made[path] == data, "\(path) differs")
        }

        // `status` on the shared database: one finished run per surviving worker, the killed one not.
        let status = try CLITests.jsonLines(
            try CLITests.callsift(["status", "--json", "--database", database]).stdout)
        let runs = try #require(status.first?["runs"] as? [[String: Any]])
        #expect(runs.filter { $0["state"] as? String == "finished" }.count == 2, "\(runs)")
        #expect(runs.filter { $0["state"] as? String == "did not finish" }.count == 1, "\(runs)")
    }
}
