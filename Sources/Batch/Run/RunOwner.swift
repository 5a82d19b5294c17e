import Foundation
import Store

/// Who holds a recording's lease: `HOST:PID:TAG` for a run, `HOST:PID:TAG/slot-N` for one of its
/// slots. The host and process id let this host tell a live holder from a killed one at once,
/// without waiting out the lease.
enum RunOwner {
    static func make() -> String { "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))" }

    /// True when `owner` names a process of this host that no longer exists (killed, crashed).
    /// Other hosts' owners are never known dead: their leases expire.
    static func isDead(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count >= 3, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]),
            pid != getpid()
        else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// True when `owner` names a live process of this host, this one included (a run between two
    /// recordings holds no lease, but is running).
    static func isAlive(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count >= 3, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]) else {
            return false
        }
        return pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }
}

extension BatchRun {
    /// How a run recorded in the database stands.
    public enum RunState: String, Sendable, Encodable {
        /// Its process is alive on this host, or (another host's) one of its slots holds a live lease.
        case running
        case finished
        /// Killed or crashed: no figures, and nothing held any more.
        case didNotFinish = "did not finish"
    }

    public static func state(of run: RunRecord, among recordings: [Recording], now: Date = Date()) -> RunState {
        if run.figures != nil { return .finished }
        if RunOwner.isAlive(run.owner) { return .running }
        if RunOwner.isDead(run.owner) { return .didNotFinish }
        let holding = recordings.contains { recording in
            !recording.status.isFinal && (recording.leaseExpiresAt ?? .distantPast) > now
                && (recording.leaseOwner ?? "").hasPrefix(run.owner + "/")
        }
        return holding ? .running : .didNotFinish
    }
}
