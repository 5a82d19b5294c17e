import ArgumentParser
import Batch
import Conversations
import Foundation
import Manifests
import Scoring
import Sessions
import Store

/// What the batch commands share: loading a manifest with its problems printed, opening its store.
enum BatchCLI {
    struct Loaded {
        let manifest: Manifest
        let problems: [ManifestProblem]

        /// Entries left out for a problem of their own; a recording listed twice is still processed once.
        var invalidEntries: Int { problems.filter { !$0.code.isNotice }.count }
    }

    /// The manifest and its recordings; every problem printed with its file, line and field. A
    /// manifest that cannot run at all is a usage error (exit 2).
    static func load(_ path: String, json: Bool) throws -> (Loaded, [WorkItem]) {
        let manifest: Manifest
        do {
            manifest = try Self.manifest(at: path)
        } catch {
            for problem in error.problems { report(problem, json: json) }
            throw ExitCode(ExitStatus.usage)
        }
        let (items, problems) = SourceDiscovery.discover(manifest)
        for problem in problems { report(problem, json: json) }
        return (Loaded(manifest: manifest, problems: problems), items)
    }

    /// The manifest at `path`, its `database` replaced by CALLSIFT_DATABASE_URL when set: where a
    /// cluster's workers keep their shared database's address (and password) in a secret.
    static func manifest(at path: String) throws(ManifestError) -> Manifest {
        var manifest = try Manifest.load(path: path)
        manifest.database = Environment.value("CALLSIFT_DATABASE_URL") ?? manifest.database
        return manifest
    }

    /// The built-in detector and analyzer, or those of `--manifest FILE` as `callsift run` makes
    /// them, with how many analyses may run at once (an LLM endpoint's `max_concurrency`, at most
    /// the session API's 5). A manifest that cannot be read, or engines that cannot be made (a key
    /// not set), is a usage error before anything is sent.
    static func stages(manifest: String?) throws -> (
        detector: any ConversationDetecting, analyzer: any ConversationAnalyzer, concurrency: Int
    ) {
        guard let manifest else { return (BuiltInDetector(), BuiltInAnalyzer(), SessionAnalysis.defaultConcurrency) }
        do {
            let engines = try Self.manifest(at: manifest).engines
            let (detector, analyzer) = try EngineFactory.stages(engines)
            return (
                detector, analyzer,
                min(
                    SessionAnalysis.defaultConcurrency,
                    engines.llm?.maxConcurrency ?? SessionAnalysis.defaultConcurrency)
            )
        } catch let error as ManifestError {
            for problem in error.problems { Output.error("\(problem)") }
        } catch let error as EngineSetupError {
            Output.error("error \(error.code): \(error.message)")
        }
        throw ExitCode(ExitStatus.usage)
    }

    static func report(_ problem: ManifestProblem, json: Bool) {
        if json {
            Output.json(["problem": problem])
        } else {
            Output.error("\(problem)")
        }
    }

    /// The store of `--manifest FILE` or `--database FILE`.
    /// The progress database a command names; `readOnly` for commands that only read it, so they
    /// work where this user may not write.
    static func store(manifest: String?, database: String?, readOnly: Bool = false) async throws -> Store {
        let path: String
        if let database {
            path = database
        } else if let manifest {
            do { path = try Self.manifest(at: manifest).database } catch {
                for problem in error.problems { Output.error("\(problem)") }
                throw ExitCode(ExitStatus.usage)
            }
        } else {
            throw ValidationError("Name the progress database: --manifest FILE or --database FILE.")
        }
        return try await open(path, readOnly: readOnly)
    }

    /// The database at `path` (a file that must exist, or a server), opened; its error printed.
    static func open(_ path: String, readOnly: Bool = false) async throws -> Store {
        guard Store.isServer(path) || FileManager.default.fileExists(atPath: path) else {
            Output.error("error database_unavailable: \(path) does not exist yet: `callsift run` creates it.")
            throw ExitCode(ExitStatus.someFailed)
        }
        do {
            return try await Store.open(path, journal: SharedVolume.journal(forDatabaseAt: path), readingOnly: readOnly)
        } catch {
            Output.error("error \(error.code): \(error.message)")
            throw ExitCode(ExitStatus.someFailed)
        }
    }
}

/// SIGINT and SIGTERM set the stop flag: jobs stop at the next chunk or stage, release their
/// recordings, and the run exits with a summary. A second signal exits at once.
final class SignalWatch: @unchecked Sendable {
    // @unchecked: `sources` is set once in init and only cancelled after.
    private let sources: [any DispatchSourceSignal]

    init(stop: StopFlag) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isSet { exit(ExitStatus.interrupted) }
                stop.stop(number == SIGINT ? "SIGINT" : "SIGTERM")
                Output.error("\nstopping: finishing the chunk in flight (again to quit at once)")
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
