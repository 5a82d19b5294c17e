import Foundation

/// One `callsift run`: who ran which manifest when, and its figures once finished.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    /// The lease owner name the run used.
    public var owner: String
    public var manifest: String
    public var startedAt: Date
    /// Nil while running, or when the run was killed.
    public var finishedAt: Date?
    /// The run's figures as the caller encoded them (counts, timings).
    public var figures: Data?
    /// Where the run stood when it last said (JSON, as the caller encoded it): nil before its
    /// queue was known.
    public var progress: Data?

    init(row: SQLRow) throws {
        id = try row["id"]
        owner = try row["owner"]
        manifest = try row["manifest"]
        startedAt = try row["started_at"]
        finishedAt = try row["finished_at"]
        figures = (try row["figures"] as String?).map { Data($0.utf8) }
        progress = (try row["progress"] as String?).map { Data($0.utf8) }
    }
}
