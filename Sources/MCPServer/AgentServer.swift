import Batch
import Foundation
import HTTP
import MCP
import Manifests
import Reports
import Sessions
import Store
import Synchronization

/// `callsift mcp`: the all-day session tools for an AI agent, over stdin and stdout, on the
/// manifest's database, output, engines, playbooks and defaults. A submission runs the same
/// pipeline as `callsift run` (one recording, in this process, in the background), so what an
/// agent submits and what the nightly run processes share one store: neither does the other's
/// work twice.
public actor AgentServer {
    let manifest: Manifest
    let store: Store
    /// Where a relative `file` argument is looked for.
    let folder: String
    /// Set by SIGINT or SIGTERM, or when the client goes: work in flight stops at its next chunk.
    public nonisolated let stop = StopFlag()
    private var submissions: [String: Submission] = [:]
    /// Recordings worked on at once: the manifest's `concurrency.recordings`, else as `run` chooses.
    private let slots: ConcurrencyLimiter

    /// Opens the store first, so a host problem (no database) is an error before any agent connects.
    public init(manifest: Manifest, folder: String = FileManager.default.currentDirectoryPath) async throws {
        self.manifest = manifest
        self.folder = folder
        slots = ConcurrencyLimiter(
            limit: manifest.concurrency.recordings ?? BatchRun.defaultJobs(for: manifest.engines.transcriber.name))
        store = try await Store.open(manifest.database, journal: SharedVolume.journal(forDatabaseAt: manifest.database))
    }

    /// Serves one client on stdin/stdout until it closes the connection; then work in flight is
    /// stopped at its next chunk (its stored chunks resume on the next submission or run).
    public func serve(version: String) async throws {
        let server = Server(
            name: "callsift", version: version,
            instructions: """
                Submit a recording of a sales rep's day (submit_all_day_recording) and ask what happened: \
                every conversation in it is found and scored. get_rollup gives a rep's day at a glance.
                """,
            capabilities: .init(
                resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: AgentTools.all) }
        await server.withMethodHandler(CallTool.self) { [self] params in
            let progress = params._meta?.progressToken.map { token in ProgressReporter(server: server, token: token) }
            return await self.call(params.name, ToolArguments(params.arguments), progress: progress)
        }
        await server.withMethodHandler(ListResources.self) { [self] _ in .init(resources: try await self.resources()) }
        await server.withMethodHandler(ReadResource.self) { [self] params in
            .init(contents: [try await self.readResource(params.uri)])
        }
        // A client that goes away must not take the process with it (a write to its closed pipe).
        signal(SIGPIPE, SIG_IGN)
        try await server.start(transport: StdioTransport())
        // SIGINT or SIGTERM (the CLI's signal watch sets the flag) ends the serving too.
        let stop = stop
        let watch = Task {
            while !stop.isSet { try? await Task.sleep(for: .milliseconds(200)) }
            await server.stop()
        }
        await server.waitUntilCompleted()
        watch.cancel()
        stop.stop("the client closed the connection")
        for submission in submissions.values { await submission.job.value }
    }

    /// One tool call: its result, or its error as a result with `isError`.
    func call(_ name: String, _ arguments: ToolArguments, progress: ProgressReporter?) async -> CallTool.Result {
        do throws(ToolFailure) {
            let value: Value
            switch name {
            case AgentTools.submit: value = try await submit(arguments, progress: progress)
            case AgentTools.getSession: value = try await session(arguments)
            case AgentTools.listSessions: value = try await listSessions(arguments)
            case AgentTools.archiveSession: value = try await archive(arguments)
            case AgentTools.getAnalysis: value = try await analysis(arguments)
            case AgentTools.getRollup: value = try await rollup(arguments)
            default:
                throw ToolFailure(
                    code: "unknown_tool", message: "no tool \(name): see tools/list", details: ["tool": name])
            }
            return CallTool.Result(
                content: [.text(text: Self.text(value), annotations: nil, _meta: nil)],
                structuredContent: Optional(value),
                isError: false)
        } catch {
            let value = Self.value(["error": error.object])
            return CallTool.Result(
                content: [.text(text: "error \(error.code): \(error.message)", annotations: nil, _meta: nil)],
                structuredContent: Optional(value), isError: true)
        }
    }

    // MARK: - Submitting

    func submit(_ arguments: ToolArguments, progress: ProgressReporter?) async throws(ToolFailure) -> Value {
        try arguments.only(Manifest.submissionKeys + ["wait_seconds"])
        let wait =
            try arguments.number("wait_seconds", in: 0...AgentTools.longestWaitSeconds)
            ?? AgentTools.defaultWaitSeconds
        var entry = arguments.values
        entry.removeValue(forKey: "wait_seconds")
        let found = manifest.submission((try? JSONEncoder().encode(entry)) ?? Data(), folder: folder)
        guard let item = found.item else {
            let problem = found.problems.first
            throw ToolFailure(
                code: problem?.code.rawValue ?? "invalid_argument",
                message: found.problems.map { ($0.field.isEmpty ? "" : "\($0.field): ") + $0.message }
                    .joined(separator: "; "),
                details: problem.map { ["field": $0.field] } ?? [:])
        }
        let ids = BatchRun.ids(of: item)
        let running = submissions[ids.sessionID].flatMap { $0.ended.value ? nil : $0 }
        let submission = running ?? start(item, recordingID: ids.recordingID, sessionID: ids.sessionID)
        let listener = progress.map { submission.listen($0) }
        let finished = await Self.wait(for: submission, seconds: wait)
        if let listener, let progress {
            // No progress may follow the result: what is queued goes first, then nothing more.
            submission.forget(listener)
            await progress.finish()
        }
        if finished, case .failed(let error) = submission.outcome.value {
            // The failed session (its status and error) stays in the store for get_all_day_session.
            var details = error.details
            details["session_id"] = ids.sessionID
            throw ToolFailure(code: error.code, message: error.message, details: details)
        }
        return try await sessionOrStatus(ids.sessionID)
    }

    /// Starts the pipeline on `item` in the background; it goes on if the caller stops waiting.
    private func start(_ item: WorkItem, recordingID: String, sessionID: String) -> Submission {
        let submission = Submission(recordingID: recordingID)
        let (manifest, stop) = (manifest, stop)
        let slots = slots
        submission.job = Task {
            // One whisper worker per recording at once: submissions beyond the manifest's
            // concurrency wait their turn (status queued).
            await slots.acquire()
            defer { Task { await slots.release() } }
            do {
                // An agent submitting again means it wants the recording: a failed one is tried
                // again. Draining, a recording another run (the nightly job) holds is waited for.
                let summary = try await BatchRun.run(
                    manifest, items: [item], options: .init(jobs: 1, retryFailed: true, drain: true), stop: stop
                ) { event in submission.heard(event) }
                if summary.completed + summary.unchanged + summary.failed + summary.doneByOthers == 0 {
                    submission.outcome.set(
                        .failed(ErrorObject(code: "interrupted", message: "the work stopped before it finished")))
                }
            } catch {
                submission.outcome.set(.failed(ErrorObject(error, source: item.source)))
            }
            submission.ended.set(true)
        }
        submissions[sessionID] = submission
        return submission
    }

    /// Whether the submission's work ended within `seconds`; false at once when the call is
    /// cancelled (the client gave up on it), while the work goes on.
    static func wait(for submission: Submission, seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while !submission.ended.value {
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }

    // MARK: - Looking up

    func session(_ arguments: ToolArguments) async throws(ToolFailure) -> Value {
        try arguments.only(["session_id"])
        return try await sessionOrStatus(try arguments.string("session_id", required: true) ?? "")
    }

    /// The stored session; for one still being worked on here, its id and the stage it is at.
    func sessionOrStatus(_ id: String) async throws(ToolFailure) -> Value {
        if let json = try await store.readSession(id) { return json }
        guard let submission = submissions[id] else { throw ToolFailure.notFound("session", id) }
        if case .failed(let error) = submission.outcome.value { throw ToolFailure(error) }
        let stage = (try? await store.recording(submission.recordingID))?.status.rawValue ?? "queued"
        return .object([
            "id": .string(id), "status": .string(stage),
            "message": .string(
                "still \(stage): call \(AgentTools.getSession) with this id later for the segments and their analyses"),
        ])
    }

    func listSessions(_ arguments: ToolArguments) async throws(ToolFailure) -> Value {
        try arguments.only(["org_id", "rep_id", "status", "since", "until", "limit"])
        let status = try arguments.string("status")
        if let status, !["completed", "failed"].contains(status) {
            throw ToolArguments.invalid("status", "is completed or failed, got \(status)")
        }
        let since = try arguments.date("since")
        let until = try arguments.date("until", endOfDay: true)
        let limit = try arguments.integer("limit", in: 1...500) ?? 50
        let stored = try await store.listSessions(
            org: try arguments.string("org_id"), rep: try arguments.string("rep_id"), status: status, since: since)
        let chosen = stored.filter { session in until.map { session.createdAt <= $0 } ?? true }.reversed()
        let rows: [Value] = chosen.prefix(limit).map { session in
            let record = try? JSONDecoder().decode(SessionRecord.self, from: session.json)
            return Self.value(
                SessionRow(
                    id: session.id, status: session.status, orgID: session.orgID, repID: session.repID,
                    createdAt: Timestamp.string(session.createdAt), recordingURL: record?.recordingURL,
                    durationSeconds: record?.durationSeconds, segmentsDetected: record?.segmentsDetected ?? 0,
                    segmentsAnalyzed: record?.segmentsAnalyzed ?? 0,
                    segmentsPendingReview: record?.segmentsPendingReview ?? 0))
        }
        return .object([
            "sessions": .array(rows), "count": .int(rows.count), "has_more": .bool(chosen.count > limit),
        ])
    }

    func archive(_ arguments: ToolArguments) async throws(ToolFailure) -> Value {
        try arguments.only(["session_id"])
        let id = try arguments.string("session_id", required: true) ?? ""
        do {
            try await store.archiveSession(id)
        } catch {
            throw error.code == "not_found"
                ? ToolFailure.notFound("session", id) : ToolFailure(error)
        }
        return .object(["id": .string(id), "archived": true])
    }

    func analysis(_ arguments: ToolArguments) async throws(ToolFailure) -> Value {
        try arguments.only(["analysis_id"])
        let id = try arguments.string("analysis_id", required: true) ?? ""
        let stored: StoredAnalysis?
        do { stored = try await store.analysis(id) } catch { throw ToolFailure(error) }
        guard let stored, let value = try? JSONDecoder().decode(Value.self, from: stored.json) else {
            throw ToolFailure.notFound("analysis", id)
        }
        return value
    }

    func rollup(_ arguments: ToolArguments) async throws(ToolFailure) -> Value {
        try arguments.only(["rep_id", "org_id", "day", "since", "until"])
        let rep = try arguments.string("rep_id", required: true) ?? ""
        var (since, until) = (try arguments.string("since"), try arguments.string("until"))
        if let day = try arguments.string("day") {
            guard since == nil, until == nil else {
                throw ToolArguments.invalid("day", "give day, or since and until, not both")
            }
            guard ToolArguments.isDay(day) else {
                throw ToolArguments.invalid("day", "\(day) is not a day like 2026-11-24")
            }
            (since, until) = (day, day)
        }
        for (field, value) in [("since", since), ("until", until)] {
            if let value, !ToolArguments.isDay(value) {
                throw ToolArguments.invalid(field, "\(value) is not a day like 2026-11-24")
            }
        }
        if let since, let until, since > until {
            throw ToolArguments.invalid("until", "\(until) is before since (\(since))")
        }
        let scope = RollupScope(org: try arguments.string("org_id"), rep: rep, since: since, until: until)
        let entries: [ReportEntry]
        do {
            entries = try await ReportSource(store: store, output: manifest.output).entries(scope: scope)
        } catch {
            throw ToolFailure(ErrorObject(error, source: nil))
        }
        return Self.value(AgentRollup(rep: rep, scope: scope, entries: entries))
    }

    // MARK: - Resources

    /// Each session's `session.json`, and its `report.html` where its bundle has one.
    func resources() async throws -> [Resource] {
        var resources: [Resource] = []
        for session in try await store.sessions().reversed().prefix(200) {
            resources.append(
                Resource(
                    name: "session \(session.id)", uri: Self.uri(session.id, "session.json"),
                    description: "\(session.orgID)/\(session.repID), \(session.status)", mimeType: "application/json"))
            if let page = page(session, "report.html"), FileManager.default.fileExists(atPath: page) {
                resources.append(
                    Resource(
                        name: "report \(session.id)", uri: Self.uri(session.id, "report.html"),
                        description: "\(session.orgID)/\(session.repID): the session's report page",
                        mimeType: "text/html"))
            }
        }
        return resources
    }

    func readResource(_ uri: String) async throws -> Resource.Content {
        let parts = uri.hasPrefix(Self.scheme) ? uri.dropFirst(Self.scheme.count).split(separator: "/") : []
        guard parts.count == 2, ["session.json", "report.html"].contains(parts[1]),
            let session = try await store.session(String(parts[0]))
        else { throw MCPError.invalidParams("no resource \(uri): see resources/list") }
        if parts[1] == "session.json" {
            return .text(String(decoding: session.json, as: UTF8.self), uri: uri, mimeType: "application/json")
        }
        guard let page = page(session, "report.html"), let html = try? String(contentsOfFile: page, encoding: .utf8)
        else { throw MCPError.invalidParams("\(uri): the session's bundle has no report.html (was it moved?)") }
        return .text(html, uri: uri, mimeType: "text/html")
    }

    static let scheme = "callsift://sessions/"
    static func uri(_ id: String, _ file: String) -> String { "\(scheme)\(id)/\(file)" }

    private func page(_ session: StoredSession, _ file: String) -> String? {
        BundleWriter.folder(output: manifest.output, orgID: session.orgID, repID: session.repID, sessionID: session.id)
            .map { ($0 as NSString).appendingPathComponent(file) }
    }

    // MARK: - JSON

    static func value(_ encodable: some Encodable) -> Value {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(encodable), let value = try? JSONDecoder().decode(Value.self, from: data)
        else { return .null }
        return value
    }

    static func text(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

/// One line of `list_all_day_sessions`: the session without its segments (get_all_day_session has them).
struct SessionRow: Encodable {
    let id, status, orgID, repID, createdAt: String
    let recordingURL: String?
    let durationSeconds: Int?
    let segmentsDetected, segmentsAnalyzed, segmentsPendingReview: Int

    enum CodingKeys: String, CodingKey {
        case id, status
        case orgID = "partner_org_id"
        case repID = "partner_rep_id"
        case createdAt = "created_at"
        case recordingURL = "recording_url"
        case durationSeconds = "duration_seconds"
        case segmentsDetected = "segments_detected"
        case segmentsAnalyzed = "segments_analyzed"
        case segmentsPendingReview = "segments_pending_review"
    }
}

extension Store {
    /// The session as the agent gets it, parsed; nil when there is none yet.
    func readSession(_ id: String) async throws(ToolFailure) -> Value? {
        do {
            return try await session(id).flatMap { try? JSONDecoder().decode(Value.self, from: $0.json) }
        } catch {
            throw ToolFailure(error)
        }
    }

    func listSessions(org: String?, rep: String?, status: String?, since: Date?) async throws(ToolFailure)
        -> [StoredSession]
    {
        do {
            return try await sessions(org: org, rep: rep, status: status, since: since)
        } catch {
            throw ToolFailure(error)
        }
    }
}
