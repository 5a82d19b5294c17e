import Foundation

/// A private one-node Slurm cluster (`slurm_cluster.py`: Debian's slurm-wlm and munge, its own
/// ports, key and folder), started once per test process and stopped when it ends. It needs root,
/// as slurmd does.
public final class SlurmCluster: @unchecked Sendable {
    // @unchecked: immutable after init.
    /// Its slurm.conf: what SLURM_CONF must name for sbatch and squeue.
    public let configuration: String
    private let server: LoopbackServer

    /// Whether this host can run one: root, with the Slurm tools installed.
    public static var available: Bool {
        getuid() == 0 && (try? Tool.resolve("sbatch")) != nil
            && FileManager.default.fileExists(atPath: "/usr/sbin/slurmd")
    }

    public static func shared() throws -> SlurmCluster { try instance.get() }
    private static let instance = Result {
        SlurmCluster(server: try LoopbackServer(script: "slurm_cluster.py", arguments: [], printsPort: false))
    }

    private init(server: LoopbackServer) {
        self.server = server
        configuration = server.banner + "/slurm.conf"
    }

    /// Runs `sbatch --wait` with `arguments` against this cluster: returns once the job (every
    /// task of an array) has ended.
    public func submitAndWait(_ arguments: [String]) throws -> Tool.Result {
        try Tool.run(["env", "SLURM_CONF=\(configuration)", "sbatch", "--wait"] + arguments, check: false)
    }
}
