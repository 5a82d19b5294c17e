import Core
import Foundation
import Manifests
import Media
import Sessions

/// What a run tells its caller as it goes: for the progress bar, JSON log lines, and the summary.
public enum RunProgress {
    public enum Event: Sendable {
        /// Sources found, how many need work, and the length of those whose length is known before
        /// they are taken (local files, probed): what the whole queue's ETA is computed from.
        case discovered(total: Int, toProcess: Int, queuedSeconds: [String: Double])
        /// A recording taken: its session id and bundle folder (nil when its ids are refused).
        case started(String, sessionID: String, bundle: String?)
        case transcribed(String, audioSeconds: Double, totalSeconds: Double?)
        case completed(String, conversations: Int, analyzed: Int, audioSeconds: Double)
        case failed(String, ErrorObject)
        case skipped(String, reason: String)
        case stopped(String, reason: String)
        case warning(String, String)
    }
}

extension RunProgress {
    /// The length of each local recording to process, probed before the first is taken (about 3 ms
    /// a file, in process), for at most `budgetSeconds`: the ETA then covers the whole queue. URLs
    /// are not probed here (a network round trip each); their length is known once they are taken.
    static func queuedSeconds(_ work: [WorkItem], budgetSeconds: Double = 5) async -> [String: Double] {
        await BlockingWork.run {
            let started = ContinuousClock.now
            var lengths: [String: Double] = [:]
            for item in work where !item.media.isRemote {
                if started.duration(to: .now) > .milliseconds(Int64(budgetSeconds * 1000)) { break }
                if let probe = try? Probe.probe(item.media, network: item.network) {
                    lengths[item.source] = probe.durationSeconds
                }
            }
            return lengths
        }
    }
}
