import Synchronization

/// Set once, read from any thread: SIGINT/SIGTERM ask the run to stop, a lost lease asks one job to.
public final class StopFlag: Sendable {
    private let value = Mutex<String?>(nil)

    public init() {}

    /// The first reason given wins.
    public func stop(_ reason: String) {
        value.withLock { if $0 == nil { $0 = reason } }
    }

    public var reason: String? { value.withLock { $0 } }
    public var isSet: Bool { reason != nil }
}
