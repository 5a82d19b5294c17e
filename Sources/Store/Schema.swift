internal import GRDB

/// The tables, created by numbered migrations: "v1" is the first released schema; a change is a
/// new migration appended here, never an edit of an old one, so every existing database upgrades.
///
/// Times are GRDB's UTC text ("2026-05-07 00:52:01.487"), which sorts as it compares. JSON is
/// TEXT, readable with the `sqlite3` shell; transcript chunks and webhook bodies are BLOBs, kept
/// byte for byte (a body is what its signature covers).
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2", migrate: v2)
        migrator.registerMigration("v3", migrate: v3)
        migrator.registerMigration("v4", migrate: v4)
        migrator.registerMigration("v5", migrate: v5)
        return migrator
    }()

    /// Brings the database up to date. Two processes opening a fresh file at once may both see a
    /// migration missing; the slower one then fails on tables the faster one just created, sees
    /// that the applied migrations changed meanwhile, and looks again.
    static func migrate(_ writer: any DatabaseWriter, path: String) throws(StoreError) {
        do {
            var applied = try writer.read(migrator.appliedIdentifiers)
            while true {
                do {
                    try migrator.migrate(writer)
                    break
                } catch {
                    let now = try writer.read(migrator.appliedIdentifiers)
                    if now == applied { throw error }
                    applied = now
                }
            }
            if try writer.read(migrator.hasBeenSuperseded) {
                let unknown = applied.subtracting(migrator.migrations).sorted().joined(separator: ", ")
                throw StoreError.migrationFailed(
                    path: path, sqliteCode: nil, reason: "written by a newer callsift (migrations \(unknown))")
            }
        } catch {
            switch StoreError(error, path: path) {
            case .databaseError(_, let code, let reason):
                throw .migrationFailed(path: path, sqliteCode: code, reason: reason)
            case let other: throw other
            }
        }
    }

    /// For a reader that may not migrate: the database must be at exactly this schema.
    static func checkCurrent(_ reader: any DatabaseReader, path: String) throws(StoreError) {
        let (completed, superseded): (Bool, Bool)
        do {
            (completed, superseded) = try reader.read { db in
                (try migrator.hasCompletedMigrations(db), try migrator.hasBeenSuperseded(db))
            }
        } catch {
            throw StoreError(error, path: path)
        }
        if superseded {
            throw .migrationFailed(
                path: path, sqliteCode: nil, reason: "written by a newer callsift: read it with that version")
        }
        if !completed {
            throw .migrationFailed(
                path: path, sqliteCode: nil,
                reason:
                    "written by an older callsift: run `callsift run` once, as a user that may write it, to bring it up to date"
            )
        }
    }

    private static func v1(_ db: Database) throws {
        // One row per recording of a manifest. `id` is the caller's deterministic id; size, mtime
        // (seconds since 1970) and fingerprint tell whether the source changed since it was done.
        // The lease columns say which run works on it, and until when.
        try db.execute(
            sql: """
                CREATE TABLE recordings (
                    id TEXT NOT NULL PRIMARY KEY,
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('file', 'url')),
                    org_id TEXT NOT NULL,
                    rep_id TEXT NOT NULL,
                    size INTEGER,
                    mtime REAL,
                    fingerprint TEXT,
                    status TEXT NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'transcribing', 'detecting', 'analyzing', 'completed', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    error_code TEXT,
                    error_message TEXT,
                    error_details TEXT,
                    session_id TEXT,
                    lease_owner TEXT,
                    lease_expires_at TEXT,
                    created_at TEXT NOT NULL,
                    started_at TEXT,
                    completed_at TEXT,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX recordings_status ON recordings (status);

                -- Each finished chunk of a transcription: the checkpoint a killed run resumes after.
                CREATE TABLE transcript_chunks (
                    recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL CHECK (idx >= 0),
                    start_seconds REAL NOT NULL,
                    end_seconds REAL NOT NULL,
                    payload BLOB NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (recording_id, idx)
                );

                -- The all-day session API's session of a recording; org and rep come from the recording.
                CREATE TABLE sessions (
                    id TEXT NOT NULL PRIMARY KEY,
                    recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    json TEXT NOT NULL,
                    archived INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX sessions_recording ON sessions (recording_id);
                CREATE INDEX sessions_created ON sessions (created_at);

                -- The analysis API's analyses of a session's conversations, one per analyzed segment.
                CREATE TABLE analyses (
                    id TEXT NOT NULL PRIMARY KEY,
                    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    json TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (session_id, idx)
                );

                -- The event log. AUTOINCREMENT: a sequence number is never reused, even after deletes.
                -- `key`, when given, makes appending the same event twice (a resumed run) a no-op.
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    key TEXT UNIQUE,
                    recording_id TEXT,
                    session_id TEXT,
                    payload TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );

                -- The webhook outbox: one row per event and URL until delivered or given up.
                -- `next_attempt_at` is NULL once it is neither.
                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_seq INTEGER NOT NULL REFERENCES events (seq),
                    url TEXT NOT NULL,
                    body BLOB NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    next_attempt_at TEXT,
                    delivered_at TEXT,
                    created_at TEXT NOT NULL,
                    UNIQUE (event_seq, url)
                );
                CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

                -- Each `callsift run`, with its figures once finished.
                CREATE TABLE runs (
                    id TEXT NOT NULL PRIMARY KEY,
                    owner TEXT NOT NULL,
                    manifest TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    figures TEXT
                );
                """)
    }

    /// The billable events (the all-day session API's usage report): one row per transcription, detection and
    /// analysis a run performed, with the tokens and cost of an LLM stage. Work reused from an
    /// earlier run (a resumed recording, a stored analysis) is not billed again.
    private static func v2(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE usage (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id TEXT NOT NULL,
                    recording_id TEXT NOT NULL,
                    session_id TEXT,
                    stage TEXT NOT NULL CHECK (stage IN ('transcription', 'detection', 'analysis')),
                    item_id TEXT,
                    engine TEXT NOT NULL,
                    audio_seconds REAL NOT NULL DEFAULT 0,
                    calls INTEGER NOT NULL DEFAULT 0,
                    failed_calls INTEGER NOT NULL DEFAULT 0,
                    prompt_tokens INTEGER NOT NULL DEFAULT 0,
                    completion_tokens INTEGER NOT NULL DEFAULT 0,
                    cost_cents REAL NOT NULL DEFAULT 0,
                    fallback TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX usage_run ON usage (run_id);
                CREATE INDEX usage_created ON usage (created_at);
                """)
    }

    /// Whether each event is in `events.jsonl` yet. An event is stored first and written to the
    /// file after, so a run killed between the two leaves it unwritten, and the next run writes
    /// it. Events stored before this column existed were written then.
    private static func v3(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE events ADD COLUMN logged INTEGER NOT NULL DEFAULT 1")
        try db.execute(sql: "CREATE INDEX events_unlogged ON events (recording_id) WHERE logged = 0")
    }

    /// Where a run stands while it goes (JSON, rewritten as recordings end and every few seconds
    /// while one is transcribed): what `callsift status` shows of a run that is still running,
    /// from any host that reads the database.
    private static func v4(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE runs ADD COLUMN progress TEXT")
    }

    /// The six pillars, in the order the views give their columns (the analysis' `<pillar>_score`).
    static let pillars = ["clarity", "influence", "objection", "discovery", "delivery", "close"]

    /// Two views for a data team that queries the database directly (`sqlite3`, DuckDB's sqlite
    /// scanner, a BI tool): one row per recording with its status, one per conversation with its
    /// scores. A pillar the analysis could not measure is NULL, as in `report --format csv`.
    private static func v5(_ db: Database) throws {
        let pillarColumns = pillars.map { pillar in
            """
                CASE WHEN a.id IS NULL OR EXISTS (
                    SELECT 1 FROM json_each(a.json, '$.analysis.synthesis_snapshot.unmeasured_pillars') AS u
                    WHERE u.value = '\(pillar)') THEN NULL
                    ELSE json_extract(a.json, '$.analysis.\(pillar)_score') END AS \(pillar)
            """
        }.joined(separator: ",\n")
        try db.execute(
            sql: """
                CREATE VIEW recording_status AS
                SELECT r.id AS recording_id, r.source, r.kind, r.org_id, r.rep_id, r.status, r.attempts,
                    r.error_code, r.error_message, s.id AS session_id,
                    json_extract(s.json, '$.duration_seconds') AS duration_seconds,
                    json_extract(s.json, '$.segments_detected') AS segments_detected,
                    json_extract(s.json, '$.segments_analyzed') AS segments_analyzed,
                    r.lease_owner, r.lease_expires_at, r.created_at, r.started_at, r.completed_at, r.updated_at
                FROM recordings AS r LEFT JOIN sessions AS s ON s.recording_id = r.id;

                CREATE VIEW conversation_scores AS
                SELECT s.id AS session_id, r.id AS recording_id, r.org_id, r.rep_id, r.source,
                    CAST(seg.key AS INTEGER) AS segment_index,
                    json_extract(seg.value, '$.start_seconds') AS start_seconds,
                    json_extract(seg.value, '$.end_seconds') AS end_seconds,
                    json_extract(seg.value, '$.customer_name') AS customer,
                    json_extract(seg.value, '$.kind') AS kind,
                    json_extract(seg.value, '$.detected_outcome') AS outcome,
                    json_extract(seg.value, '$.status') AS status,
                    json_extract(seg.value, '$.confidence') AS confidence,
                    a.id AS analysis_id,
                \(pillarColumns),
                    json_extract(a.json, '$.analysis.overall_score') AS overall,
                    json_extract(a.json, '$.analysis.recording_title') AS title,
                    s.archived, s.created_at
                FROM sessions AS s JOIN recordings AS r ON r.id = s.recording_id,
                    json_each(s.json, '$.segments') AS seg
                LEFT JOIN analyses AS a ON a.id = json_extract(seg.value, '$.analysis_id');
                """)
    }
}
