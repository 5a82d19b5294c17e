import Foundation
import Scoring
import Store

/// What every job of one run shares.
struct RunContext: Sendable {
    let manifest: Manifest
    let store: Store
    /// The lease owner: host, process id, a random part, and the slot (two slots of one run must
    /// not take the same recording either).
    var owner: String
    let leaseSeconds: Double
    let playbooks: PlaybookLibrary
    let publisher: EventPublisher
    /// Redo detection and analysis from the stored transcripts, even for completed recordings.
    let reanalyze: Bool
    let stop: StopFlag
    let report: @Sendable (RunProgress.Event) -> Void
}
