/// Where a recording is in the pipeline: the all-day session API's session statuses.
public enum RecordingStatus: String, Sendable, CaseIterable {
    case queued, transcribing, detecting, analyzing, completed, failed

    /// The statuses of work under way, the only ones `Store.setStage` accepts: completion and
    /// failure go through `Store.complete` and `Store.fail`, which also end the lease.
    public enum Stage: String, Sendable {
        case transcribing, detecting, analyzing
    }

    /// Nothing more happens to it without a changed source or an explicit retry.
    public var isFinal: Bool { self == .completed || self == .failed }
}
