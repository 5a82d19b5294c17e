import Foundation
import Sessions
import Yams

extension Manifest {
    /// The fields a recording submitted on its own (an agent's tool call) may carry: one source
    /// entry of `sources` naming one recording.
    public static let submissionKeys = ["recording_url", "file", "org_id", "rep_id", "options", "metadata"]

    /// The settings `callsift mcp` works with when it is given no manifest: bundles in `out/` and
    /// the progress in `callsift.sqlite`, both in `folder`, and the default engines.
    public static func settingsOnly(folder: String) -> Manifest {
        Manifest(
            file: "\(folder)/callsift.yaml", output: "\(folder)/out", database: "\(folder)/callsift.sqlite",
            defaults: Defaults(), engines: Engines(), concurrency: Concurrency(), playbooks: nil, webhooks: [],
            webhookRetry: WebhookRetry(), segmentsAudio: true, failOnTruncated: false, callbackSecret: nil,
            sources: [], problems: [])
    }

    /// One recording given outside the manifest file, as the JSON object of a source entry
    /// (`recording_url` or `file`, `org_id`, `rep_id`, `options`, `metadata`), read with this
    /// manifest's defaults and the very checks and problem codes of `sources`: the work item, or
    /// every problem, each naming its field. A relative `file` is relative to `folder`.
    public func submission(_ entry: Data, folder: String) -> (item: WorkItem?, problems: [ManifestProblem]) {
        let log = ProblemLog(file: "arguments")
        let root: Node?
        do {
            root = try Yams.compose(yaml: String(decoding: entry, as: UTF8.self))
        } catch {
            log.add(.invalidSource, line: nil, field: "", "the arguments are not a JSON object: \(error)")
            return (nil, log.problems)
        }
        guard let root, case .mapping = root else {
            log.add(.invalidSource, line: nil, field: "", "the arguments must be a JSON object")
            return (nil, log.problems)
        }
        let node = ManifestNode(node: root, field: "", log: log)
        _ = node.mapping(allowed: Self.submissionKeys)
        guard log.problems.isEmpty, let source = ManifestSource.read(node, defaults: defaults, folder: folder) else {
            return (nil, log.problems)
        }
        var alone = self
        alone.sources = [source]
        alone.problems = []
        let found = SourceDiscovery.discover(alone)
        // Discovery's problems name "<source>.file": here the source is the arguments themselves.
        let problems = found.problems.map {
            ManifestProblem(
                file: "arguments", line: nil, field: $0.field.hasPrefix(".") ? String($0.field.dropFirst()) : $0.field,
                code: $0.code, message: $0.message)
        }
        return (problems.isEmpty ? found.items.first : nil, problems)
    }
}
