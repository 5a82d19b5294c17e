import Foundation

/// The usage report's rows: what each run spent, stage by stage.
extension Store {
    public func recordUsage(_ usage: UsageRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                """
                INSERT INTO usage (run_id, recording_id, session_id, stage, item_id, engine, audio_seconds, calls, failed_calls,
                    prompt_tokens, completion_tokens, cost_cents, fallback, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    usage.runID, usage.recordingID, usage.sessionID, usage.stage.rawValue, usage.itemID, usage.engine,
                    usage.audioSeconds,
                    usage.calls, usage.failedCalls, usage.promptTokens, usage.completionTokens, usage.costCents,
                    usage.fallback, usage.createdAt,
                ])
        }
    }

    /// The rows of one run, or of every run since `since`, oldest first.
    public func usage(runID: String? = nil, since: Date? = nil) async throws(StoreError) -> [UsageRecord] {
        try await read { db in
            try db.rows(
                """
                SELECT * FROM usage WHERE (CAST(:run AS TEXT) IS NULL OR run_id = :run) AND (CAST(:since AS TEXT) IS NULL OR created_at >= :since) ORDER BY id
                """, ["run": runID, "since": since]
            ).map { try UsageRecord(row: $0) }
        }
    }
}
