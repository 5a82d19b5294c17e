import Foundation

/// Runs, for `callsift report` and for telling a finished run from a killed one.
extension Store {
    /// Records that a run started.
    public func startRun(id: String, owner: String, manifest: String) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try db.execute(
                "INSERT INTO runs (id, owner, manifest, started_at) VALUES (?, ?, ?, ?)", [id, owner, manifest, now])
        }
    }

    /// Records that a run finished, with its figures (JSON).
    public func finishRun(id: String, figures: Data) async throws(StoreError) {
        let now = clock()
        try await write { db in
            let changed = try db.execute(
                "UPDATE runs SET finished_at = ?, figures = ? WHERE id = ?",
                [now, String(decoding: figures, as: UTF8.self), id])
            if changed == 0 { throw StoreError.notFound(kind: "run", id: id) }
        }
    }

    /// Records where a running run stands (JSON); a run that is not stored (yet) is left alone.
    public func updateRunProgress(id: String, progress: Data) async throws(StoreError) {
        try await write { db in
            try db.execute(
                "UPDATE runs SET progress = ? WHERE id = ?", [String(decoding: progress, as: UTF8.self), id])
        }
    }

    /// The latest runs, newest first.
    public func runs(limit: Int = 20) async throws(StoreError) -> [RunRecord] {
        try await read { db in
            try db.rows(
                // Runs started in the same millisecond: the later row first.
                "SELECT * FROM runs ORDER BY started_at DESC, \(db.dialect == .sqlite ? "rowid" : "seq") DESC LIMIT ?",
                [limit]
            ).map { try RunRecord(row: $0) }
        }
    }
}
