import Foundation
import Store

/// Whether the progress database sits on a network file system (NFS, SMB/CIFS, Ceph, Lustre, AFS,
/// 9P, GlusterFS, FUSE mounts such as sshfs): SQLite's WAL mode needs shared memory that only works
/// between processes of one host, so there the store uses a rollback journal, whose file locks the
/// volume shares between hosts (as well as the volume implements them).
public enum SharedVolume {
    static let networkTypes: Set<String> = [
        "nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "ceph", "lustre", "afs", "9p", "glusterfs", "gpfs", "beegfs",
    ]

    public static func journal(forDatabaseAt path: String) -> Store.Journal {
        guard !Store.isServer(path) else { return .wal }
        return isNetwork(fileSystemType(of: path) ?? "") ? .rollback : .wal
    }

    static func isNetwork(_ type: String) -> Bool {
        networkTypes.contains(type) || type.hasPrefix("fuse")
    }

    /// The type of the mount holding `path` (its nearest existing folder), from /proc/self/mounts:
    /// the mount point that is the longest prefix of the resolved path.
    static func fileSystemType(of path: String) -> String? {
        var folder = ((path as NSString).deletingLastPathComponent as NSString).expandingTildeInPath
        if folder.isEmpty { folder = FileManager.default.currentDirectoryPath }
        while !FileManager.default.fileExists(atPath: folder), folder != "/", !folder.isEmpty {
            folder = (folder as NSString).deletingLastPathComponent
        }
        let resolved = (folder as NSString).resolvingSymlinksInPath
        let absolute = resolved.hasPrefix("/") ? resolved : FileManager.default.currentDirectoryPath + "/" + resolved
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            // Mount points escape spaces as \040.
            let point = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            let inside = point == "/" || absolute == point || absolute.hasPrefix(point + "/")
            if inside, point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        return best?.type
    }
}
