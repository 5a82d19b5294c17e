/// A manifest that cannot be run at all: the file is unreadable or not YAML, or a setting outside
/// `sources` is wrong (output, database, defaults, engines, concurrency, playbooks, webhooks), since a
/// run with settings other than the ones written would do the wrong work for hours. It carries every
/// problem found, the sources' included, so one round of fixes is enough.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [ManifestProblem]

    public init(problems: [ManifestProblem]) {
        self.problems = problems
    }

    /// One problem a line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
