/// An async semaphore: at most `limit` requests to one server in flight, whoever sends them, waiters
/// served first come first served. It also holds a pause every sender honours, set when the server
/// says `Retry-After`: a rate limit applies to the whole run, not to the one request that hit it.
public actor ConcurrencyLimiter {
    private let limit: Int
    private var inUse = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var pausedUntil: ContinuousClock.Instant?

    public init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// Waits for a slot. Not cancellable: a cancelled caller gets its slot, then stops before sending.
    public func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a slot back, straight to the longest waiter when there is one.
    public func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// No request starts before `seconds` from now (a later pause already set is kept).
    public func pause(seconds: Double) {
        guard seconds > 0 else { return }
        let until = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        if pausedUntil.map({ $0 < until }) ?? true { pausedUntil = until }
    }

    /// How long until the pause ends; nil when there is none.
    public func remainingPause() -> Duration? {
        guard let pausedUntil else { return nil }
        let now = ContinuousClock.now
        if pausedUntil <= now {
            self.pausedUntil = nil
            return nil
        }
        return now.duration(to: pausedUntil)
    }
}
