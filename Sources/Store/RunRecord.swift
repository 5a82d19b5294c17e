import Foundation
internal import GRDB

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

    init(row: Row) {
        id = row["id"]
        owner = row["owner"]
        manifest = row["manifest"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        figures = (row["figures"] as String?).map { Data($0.utf8) }
        progress = (row["progress"] as String?).map { Data($0.utf8) }
    }
}
