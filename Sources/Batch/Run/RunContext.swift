import Conversations
import Foundation
import Manifests
import Scoring
import Store

/// What every job of one run shares.
struct RunContext: Sendable {
    let manifest: Manifest
    let store: Store
    /// This run's id: the usage rows it writes carry it.
    let runID: String
    /// The lease owner: host, process id, a random part, and the slot (two slots of one run must
    /// not take the same recording either).
    var owner: String
    let leaseSeconds: Double
    /// Wait for what other workers hold instead of ending (`run --drain`).
    var drain = false
    let playbooks: PlaybookLibrary
    /// One detector and one analyzer for the whole run: an LLM engine's client (its concurrency
    /// limit and rate-limit backoff) is shared by every slot.
    let detector: any ConversationDetecting
    let analyzer: any ConversationAnalyzer
    let publisher: EventPublisher
    /// Redo detection and analysis from the stored transcripts, even for completed recordings.
    let reanalyze: Bool
    let stop: StopFlag
    let report: @Sendable (RunProgress.Event) -> Void
}
