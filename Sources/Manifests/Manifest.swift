import Foundation
import Yams

/// What `callsift run MANIFEST` is asked to do: where bundles and progress go, which engines, how
/// much at once, and the sources of recordings. Every path in it is absolute, resolved against the
/// manifest's folder, so a cron job gets the same run from any working directory.
public struct Manifest: Sendable, Equatable {
    /// The manifest file, absolute.
    public var file: String
    /// Bundles go to `<output>/<org_id>/<rep_id>/<session_id>/`.
    public var output: String
    /// The SQLite progress database; by default `<manifest name>.sqlite` beside the manifest, so
    /// two manifests in one folder never share progress.
    public var database: String
    public var defaults: Defaults
    public var engines: Engines
    public var concurrency: Concurrency
    /// A folder of playbooks, or nil for scoring without one.
    public var playbooks: String?
    public var webhooks: [Webhook]
    /// How failed deliveries (to webhooks and callback URLs) are retried.
    public var webhookRetry: WebhookRetry
    /// Whether each conversation is also written as a stream-copied audio file (`segments/`).
    public var segmentsAudio: Bool
    /// Whether a recording that holds less than its header promises fails (`on_truncated: fail`)
    /// rather than being processed as far as it goes, with a warning (`warn`, the default).
    public var failOnTruncated: Bool
    /// Signs the deliveries to each recording's `callback_url` (HMAC-SHA256, as manifest webhooks).
    public var callbackSecret: String?
    /// The valid sources, in the order written, `defaults` already applied.
    public var sources: [ManifestSource]
    /// Why the other sources were skipped.
    public var problems: [ManifestProblem]

    static let keys = [
        "output", "database", "defaults", "engines", "concurrency", "playbooks", "webhooks", "webhook_retry",
        "segments_audio",
        "on_truncated", "callback_secret", "unsigned_callbacks", "sources",
    ]

    /// Reads and checks a YAML (or JSON) manifest. A bad source is a problem in `problems` and is
    /// skipped; an unreadable file or a wrong setting outside `sources` throws, with every problem found.
    public static func load(path: String) throws(ManifestError) -> Manifest {
        let file = absolute(path, in: FileManager.default.currentDirectoryPath)
        let folder = (file as NSString).deletingLastPathComponent
        let settings = ProblemLog(file: file)
        let root = try compose(file, log: settings)
        guard case .mapping = root, let top = ManifestNode(node: root, field: "", log: settings).mapping(allowed: keys)
        else {
            settings.add(
                .invalidManifest, line: root.mark?.line, field: "",
                "the top level must be a mapping of settings (output, sources, ...)")
            throw ManifestError(problems: settings.problems)
        }

        let output = top.require("output", "the folder bundles are written to, e.g. `output: out/calls`").flatMap {
            folderPath($0, in: folder)
        }
        let database = top["database"].flatMap { node -> String? in
            guard let text = node.string() else { return nil }
            if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return serverDatabase(text, node) }
            let path = absolute(text, in: folder)
            guard isDirectory(path) != true else {
                node.problem("\(path) is a folder: database names the progress file")
                return nil
            }
            if let blocker = fileInTheWay(of: path) {
                node.problem("\(blocker) is a file, so the database \(path) cannot be made under it")
                return nil
            }
            return path
        }
        let defaults = top["defaults"].flatMap(Defaults.read) ?? Defaults()
        let engines = top["engines"].flatMap(Engines.read) ?? Engines()
        let concurrency = top["concurrency"].flatMap(Concurrency.read) ?? Concurrency()
        let playbooks = top["playbooks"].flatMap { node -> String? in
            guard let path = node.string().map({ absolute($0, in: folder) }) else { return nil }
            guard isDirectory(path) == true else {
                node.problem("no folder \(path): playbooks names a folder of playbooks")
                return nil
            }
            return path
        }
        let webhooks = top["webhooks"]?.list()?.compactMap(Webhook.read) ?? []
        let webhookRetry = top["webhook_retry"].flatMap(WebhookRetry.read) ?? WebhookRetry()
        let segmentsAudio = top["segments_audio"]?.bool() ?? true
        let onTruncated = top["on_truncated"].flatMap { node -> String? in
            guard let value = node.string(), ["warn", "fail"].contains(value) else {
                node.problem("on_truncated is warn (process what is there, with a warning) or fail")
                return nil
            }
            return value
        }

        let callbackSecret = top["callback_secret"].flatMap { node -> String? in
            guard let secret = node.string(), !secret.isEmpty else {
                node.problem("callback_secret is the text that signs callback_url deliveries")
                return nil
            }
            return secret
        }
        let unsignedCallbacks = top["unsigned_callbacks"]?.bool() ?? false

        let sourceProblems = ProblemLog(file: file)
        var sources: [ManifestSource] = []
        if let list = top.require("sources", "the folders, URL lists and recordings to process")?.list() {
            if list.isEmpty { top["sources"]?.problem("is empty: list at least one folder, URL list or recording") }
            sources = list.compactMap { item in
                ManifestSource.read(
                    ManifestNode(node: item.node, field: item.field, log: sourceProblems), defaults: defaults,
                    folder: folder)
            }
        }

        // A callback_url gets the session's events: signed, unless the manifest says otherwise.
        if callbackSecret == nil, !unsignedCallbacks,
            let first = ([(defaults.options, top["defaults"]?.line)] + sources.map { ($0.options, $0.line) }).first(
                where: { $0.0.callbackURL != nil }
            )
        {
            settings.add(
                .missingField, line: first.1, field: "callback_secret",
                "callback_url deliveries are signed: set callback_secret (or unsigned_callbacks: true to send them unsigned)"
            )
        }

        guard settings.problems.isEmpty, let output else {
            let all = settings.problems + sourceProblems.problems
            // In the order of the file, for one pass of fixes from top to bottom.
            let ordered = all.enumerated().sorted {
                ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
            }
            throw ManifestError(problems: ordered.map(\.element))
        }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return Manifest(
            file: file, output: output, database: database ?? "\(folder)/\(name).sqlite", defaults: defaults,
            engines: engines,
            concurrency: concurrency, playbooks: playbooks, webhooks: webhooks, webhookRetry: webhookRetry,
            segmentsAudio: segmentsAudio,
            failOnTruncated: onTruncated == "fail", callbackSecret: callbackSecret, sources: sources,
            problems: sourceProblems.problems)
    }

    /// A PostgreSQL database URL, as written, when it names a host and a database and no password:
    /// the password comes from `PGPASSWORD` or `~/.pgpass`, never from a file that is copied around.
    private static func serverDatabase(_ url: String, _ node: ManifestNode) -> String? {
        guard let parts = URLComponents(string: url), parts.host?.isEmpty == false, parts.path.count > 1 else {
            node.problem("a PostgreSQL database is written postgres://user@host[:port]/database, got \(url)")
            return nil
        }
        guard parts.password == nil else {
            node.problem(
                "holds a password: give it in PGPASSWORD or ~/.pgpass instead (the manifest is copied and logged)")
            return nil
        }
        return url
    }

    /// The file's YAML tree. JSON is YAML, so a `.json` manifest reads the same way, with lines.
    private static func compose(_ file: String, log: ProblemLog) throws(ManifestError) -> Node {
        func fail(_ message: String, line: Int? = nil, code: ManifestProblem.Code = .invalidManifest) -> ManifestError {
            log.add(code, line: line, field: "", message)
            return ManifestError(problems: log.problems)
        }
        guard let directory = isDirectory(file) else { throw fail("no such file") }
        if directory { throw fail("is a folder, not a manifest file") }
        guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot be read (permissions?)") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("is not UTF-8 text") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let within = context.map { " (\($0.text) that starts on line \($0.mark.line))" } ?? ""
                throw fail("is not valid YAML: \(problem)\(within)", line: mark.line)
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
                throw fail(
                    "\(keys) given twice in one mapping: keep one", line: context.mark.line, code: .duplicateField)
            default:
                throw fail("is not valid YAML: \(error)")
            }
        } catch {
            throw fail("is not valid YAML: \(error)")
        }
        guard let root else { throw fail("is empty: a manifest needs at least output and sources") }
        return root
    }

    /// `output`: a folder that may not exist yet, but is not a file.
    private static func folderPath(_ node: ManifestNode, in folder: String) -> String? {
        guard let path = node.string().map({ absolute($0, in: folder) }) else { return nil }
        guard isDirectory(path) != false else {
            node.problem("\(path) is a file: output names a folder")
            return nil
        }
        if let blocker = fileInTheWay(of: path) {
            node.problem("\(blocker) is a file, so the folder \(path) cannot be made under it")
            return nil
        }
        return path
    }

    /// The nearest existing ancestor of `path` when it is a file, not a folder.
    static func fileInTheWay(of path: String) -> String? {
        var parent = (path as NSString).deletingLastPathComponent
        while !parent.isEmpty, parent != "/" {
            if let directory = isDirectory(parent) { return directory ? nil : parent }
            parent = (parent as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// nil when nothing is there.
    static func isDirectory(_ path: String) -> Bool? {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) ? directory.boolValue : nil
    }

    /// `path` made absolute against `folder` (a leading `~/` is the home folder), with `.` and `..`
    /// removed by name alone: symbolic links stay as written, and glob or `{placeholder}` text is kept.
    static func absolute(_ path: String, in folder: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
        if !path.hasPrefix("/") { path = folder + "/" + path }
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
