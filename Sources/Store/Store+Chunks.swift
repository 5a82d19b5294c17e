import Foundation

/// Transcript chunks: each one committed on its own, so a kill loses at most the chunk in flight.
extension Store {
    /// Stores a chunk, replacing one with the same index: a chunk redone after a kill overwrites
    /// nothing but itself.
    public func saveChunk(_ recordingID: String, _ chunk: TranscriptChunk) async throws(StoreError) {
        let now = clock()
        try await write { db in
            try db.execute(
                """
                INSERT INTO transcript_chunks (recording_id, idx, start_seconds, end_seconds, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (recording_id, idx) DO UPDATE SET
                    start_seconds = excluded.start_seconds, end_seconds = excluded.end_seconds, payload = excluded.payload
                """, [recordingID, chunk.index, chunk.startSeconds, chunk.endSeconds, chunk.payload, now])
        }
    }

    /// The stored chunks of a recording, in index order.
    public func chunks(_ recordingID: String) async throws(StoreError) -> [TranscriptChunk] {
        try await read { db in
            try db.rows(
                "SELECT idx, start_seconds, end_seconds, payload FROM transcript_chunks WHERE recording_id = ? ORDER BY idx",
                [recordingID]
            ).map { row in
                TranscriptChunk(
                    index: try row["idx"], startSeconds: try row["start_seconds"], endSeconds: try row["end_seconds"],
                    payload: try row["payload"])
            }
        }
    }
}
