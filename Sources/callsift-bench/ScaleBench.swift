import Foundation
import Store
import TestSupport

/// What spreading one manifest over several `callsift run` workers costs in coordination alone,
/// on SQLite (one file, WAL) and on PostgreSQL (a server on loopback). The sidecar engine makes
/// each recording a fraction of a second of work, so recordings per second measure the claims,
/// leases and stored results, not speech. The reference is one process running as many slots
/// (`--jobs N`), which shares one store connection and needs no claims between processes.
/// Claim latency is `claimNext` timed in-process, with four claimers racing over one queue.
enum ScaleBench {
    static let copies = 8
    static let scripts = [
        "discovery-call", "pricing-call", "competitor-call", "renewal-call", "authority-call", "voicemail",
    ]

    static func run(row: (String, String, String, String) -> Void) async throws {
        let repository = FileManager.default.currentDirectoryPath
        let callsift = "\(repository)/.build/release/callsift"
        let root = "\(workDirectory)/scale"
        let folder = try make("scale/recordings") { path in
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for script in scripts {
                for copy in 0..<copies { try ScriptedArchive.record(script, as: "\(script)-\(copy)", in: path) }
            }
        }
        let recordings = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".wav") }
            .count
        let postgres = try PostgresServer.shared()
        for backend in ["SQLite", "PostgreSQL"] {
            var single = 0.0
            for workers in [1, 2, 4] {
                let processes = try await timedRun(
                    callsift, root: root, folder: folder, expected: recordings, workers: workers, jobsEach: 1,
                    database: backend == "SQLite" ? nil : try postgres.database())
                let slots = try await timedRun(
                    callsift, root: root, folder: folder, expected: recordings, workers: 1, jobsEach: workers,
                    database: backend == "SQLite" ? nil : try postgres.database())
                if workers == 1 { single = processes }
                row(
                    "\(backend), \(workers) worker\(workers == 1 ? "" : "s")",
                    String(format: "%.1f recordings/s (%.1f s)", Double(recordings) / processes, processes),
                    String(
                        format: "1 process, --jobs %d: %.1f/s (%.1f s)", workers, Double(recordings) / slots, slots),
                    String(format: "%.2f× one worker's rate", single / processes))
            }
        }
        print("  \(recordings) recordings (sidecar transcripts), each worker `run --drain --jobs 1`; 2 cores here")
        for queue in [100, 10_000] {
            for backend in ["SQLite", "PostgreSQL"] {
                let location = backend == "SQLite" ? "\(root)/claims-\(queue).sqlite" : try postgres.database()
                try? FileManager.default.removeItem(atPath: location)
                let latencies = try await claimLatencies(location, queue: queue, claimers: 4)
                row(
                    "claim, \(backend), queue \(queue)",
                    String(
                        format: "median %.2f ms, p95 %.2f ms, p99 %.2f ms", percentile(latencies, 0.5) * 1000,
                        percentile(latencies, 0.95) * 1000, percentile(latencies, 0.99) * 1000),
                    "4 claimers, \(latencies.count) claims", "")
            }
        }
    }

    /// Seconds for `workers` processes of `callsift run --drain --jobs jobsEach` to finish a fresh
    /// database (`database`, or a new SQLite file), after checking that each recording was done once.
    static func timedRun(
        _ callsift: String, root: String, folder: String, expected: Int, workers: Int, jobsEach: Int,
        database: String?
    ) async throws -> Double {
        let name = "w\(workers)-j\(jobsEach)-\(database == nil ? "sqlite" : "postgres")"
        try? FileManager.default.removeItem(atPath: "\(root)/\(name)")
        try FileManager.default.createDirectory(atPath: "\(root)/\(name)", withIntermediateDirectories: true)
        let location = database ?? "\(root)/\(name)/progress.sqlite"
        let manifest = "\(root)/\(name)/scale.yaml"
        try """
        output: \(root)/\(name)/out
        database: \(location)
        defaults: {org_id: bench, rep_id: alex}
        engines: {transcriber: sidecar}
        sources:
          - path: \(folder)
            include: ["*.wav"]
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let start = DispatchTime.now().uptimeNanoseconds
        let processes = try (0..<workers).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: callsift)
            process.arguments = ["run", manifest, "--drain", "--jobs", String(jobsEach), "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Tool.Failure.failed(
                    command: [callsift] + (process.arguments ?? []), status: process.terminationStatus, stderr: "")
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let store = try await Store.open(location, readingOnly: true)
        let completed = try await store.recordings(status: .completed).count
        guard completed == expected else {
            throw Tool.Failure.failed(
                command: [callsift, "run", manifest], status: 0,
                stderr: "\(completed) of \(expected) recordings completed")
        }
        return elapsed
    }

    /// The seconds each `claimNext` took while `claimers` stores (each its own connections) take
    /// every one of `queue` fresh recordings, each passing the ids it has not taken, as a run does.
    static func claimLatencies(_ location: String, queue: Int, claimers: Int) async throws -> [Double] {
        let setup = try await Store.open(location)
        let ids = (0..<queue).map { String(format: "bench-%06d", $0) }
        for id in ids {
            _ = try await setup.register(
                RecordingIdentity(id: id, source: "/archive/\(id).mp3", kind: .file, orgID: "bench", repID: "alex"))
        }
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            for claimer in 0..<claimers {
                group.addTask {
                    let store = try await Store.open(location)
                    var latencies: [Double] = []
                    var pending = ids
                    while true {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let claimed = try await store.claimNext(owner: "claimer-\(claimer)", ttl: 600, among: pending)
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                        guard let claimed else { return latencies }
                        pending.removeAll { $0 == claimed }
                    }
                }
            }
            var all: [Double] = []
            for try await latencies in group { all += latencies }
            return all.sorted()
        }
    }

    /// The value below which `fraction` of the sorted `values` lie.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
}
