/// The unfinished recordings among a run's, and how many of them another owner holds right now:
/// when every remaining one is held elsewhere, this run has nothing left to do but wait or exit.
public struct RemainingWork: Sendable, Equatable {
    /// Neither completed nor failed.
    public var count: Int
    /// Of those, leased by another owner whose lease has not expired.
    public var leasedByOthers: Int

    public init(count: Int, leasedByOthers: Int) {
        self.count = count
        self.leasedByOthers = leasedByOthers
    }
}
