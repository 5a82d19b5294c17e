import ArgumentParser
import Batch
import Foundation
import Manifests
import Sessions

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Process every recording a manifest names: transcribe, find conversations, score, write bundles.",
        discussion: """
            Progress lives in the manifest's database: a run killed at any moment resumes where it stopped, \
            completed recordings whose source is unchanged are skipped, and two runs on one database never take \
            the same recording. Exit status: 0 every recording completed (0 conversations is a success), 1 some \
            failed (in this run, or in an earlier one and not retried: `callsift retry --failed`) or an entry of \
            the manifest was left out as invalid, 2 usage or manifest error, 3 nothing was done because another run holds every remaining \
            recording, 130 stopped by SIGINT or SIGTERM (what was done is kept).
            """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var manifestArgument: ManifestArgument

    @Flag(help: "Validate the manifest and its sources; process nothing.")
    var check = false

    @Flag(help: "List the recordings that would be processed; process nothing.")
    var dryRun = false

    @Option(
        help:
            "Recordings at once (default: CALLSIFT_JOBS, else the manifest's concurrency.recordings, else from the cores)."
    )
    var jobs: Int?

    @Flag(help: "Re-detect and re-score completed recordings from their stored transcripts (no transcription).")
    var reanalyze = false

    @Flag(help: "Also take recordings that failed in an earlier run.")
    var retryFailed = false

    @Option(
        name: .customLong("log-format"),
        help:
            "text (a progress line on a terminal) or json (one JSON log line per event); default CALLSIFT_LOG_FORMAT, else text."
    )
    var logFormatOption: LogFormat?

    @Flag(help: "Print only the summary and errors.")
    var quiet = false

    @Flag(
        help:
            "Keep working until every recording is done: wait for those another run holds, and take them over if their lease runs out (for many workers on one database)."
    )
    var drain = false

    @Option(
        help:
            "Seconds a recording stays held without a heartbeat (renewed every third of it); another worker takes over a dead one's after this."
    )
    var leaseSeconds: Int = 120

    /// --log-format, else CALLSIFT_LOG_FORMAT, else text.
    var logFormat: LogFormat {
        logFormatOption ?? Environment.value("CALLSIFT_LOG_FORMAT").flatMap(LogFormat.init(rawValue:)) ?? .text
    }

    /// --jobs, else CALLSIFT_JOBS.
    var jobCount: Int? { jobs ?? Environment.value("CALLSIFT_JOBS").flatMap { Int($0) } }

    func validate() throws {
        if let format = Environment.value("CALLSIFT_LOG_FORMAT"), LogFormat(rawValue: format) == nil {
            throw ValidationError("CALLSIFT_LOG_FORMAT is '\(format)': set it to text or json.")
        }
        if let value = Environment.value("CALLSIFT_JOBS"), Int(value) == nil {
            throw ValidationError("CALLSIFT_JOBS is '\(value)': set it to a number of recordings at once.")
        }
        if !(5...3600).contains(leaseSeconds) {
            throw ValidationError("--lease-seconds must be 5 to 3600, got \(leaseSeconds).")
        }
        if let jobs = jobCount, !(1...Manifest.Concurrency.maxRecordings).contains(jobs) {
            throw ValidationError(
                "--jobs must be 1 to \(Manifest.Concurrency.maxRecordings): each recording at once holds a speech worker."
            )
        }
    }

    func run() async throws {
        let manifest = try manifestArgument.path
        let (loaded, items) = try BatchCLI.load(manifest, json: logFormat == .json)
        if check {
            Output.line("\(manifest): \(items.count) recording(s) to process; \(loaded.problems.count) problem(s)")
            throw ExitCode(loaded.invalidEntries == 0 ? 0 : ExitStatus.usage)
        }
        if dryRun {
            for item in items {
                if logFormat == .json {
                    Output.json([
                        "source": item.source, "org_id": item.orgID, "rep_id": item.repID, "origin": item.origin,
                    ])
                } else {
                    Output.line("\(item.source)  org \(item.orgID)  rep \(item.repID)  (\(item.origin))")
                }
            }
            return
        }
        let stop = StopFlag()
        let signals = SignalWatch(stop: stop)
        defer { signals.cancel() }
        let runID = UUID().lowercasedID
        let display = RunDisplay(format: logFormat, quiet: quiet, runID: runID)
        let summary: BatchRun.Summary
        do {
            summary = try await BatchRun.run(
                loaded.manifest, items: items,
                options: .init(
                    jobs: jobCount, reanalyze: reanalyze, retryFailed: retryFailed,
                    leaseSeconds: Double(leaseSeconds), drain: drain, invalidEntries: loaded.invalidEntries,
                    runID: runID),
                stop: stop,
                report: { display.show($0) })
        } catch let error as EngineSetupError {
            // The manifest asks for an engine this environment cannot give (no key): nothing was taken.
            display.finish()
            Output.error("error \(error.code): \(error.message)")
            throw ExitCode(ExitStatus.usage)
        } catch {
            display.finish()
            let object = ErrorObject(error, source: nil)
            Output.error("error \(object.code): \(object.message)")
            throw ExitCode(ExitStatus.someFailed)
        }
        display.finish()
        display.summary(summary)
        if stop.isSet { throw ExitCode(ExitStatus.interrupted) }
        if summary.needsAttention { throw ExitCode(ExitStatus.someFailed) }
        if summary.heldByOthers > 0, summary.completed == 0 { throw ExitCode(ExitStatus.heldElsewhere) }
    }
}
