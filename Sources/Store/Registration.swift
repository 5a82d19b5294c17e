/// What `Store.register` found: the recording as stored now, and whether its source changed since
/// it was last seen (its old transcript, session and analyses were then dropped, and it is queued again).
public struct Registration: Sendable, Equatable {
    public var recording: Recording
    /// False for a recording seen for the first time.
    public var sourceChanged: Bool

    /// Done already, from this very source: nothing to do.
    public var skip: Bool { recording.status == .completed }
}
