import Sessions

/// What a run tells its caller as it goes: for the progress bar, JSON log lines, and the summary.
public enum RunProgress {
    public enum Event: Sendable {
        /// Sources found, and how many of them need nothing (completed, unchanged).
        case discovered(total: Int, toProcess: Int)
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
