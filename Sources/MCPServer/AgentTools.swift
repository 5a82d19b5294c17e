import MCP

/// The tools `callsift mcp` offers: the hosted all-day API's four (submit, get, list, archive)
/// with its argument names, and two look-ups beyond them (an analysis, a rep's day at a glance).
enum AgentTools {
    static let submit = "submit_all_day_recording"
    static let getSession = "get_all_day_session"
    static let listSessions = "list_all_day_sessions"
    static let archiveSession = "archive_all_day_session"
    static let getAnalysis = "get_analysis"
    static let getRollup = "get_rollup"

    /// The longest a submission waits inline, and the default (the hosted tool's 10 minutes).
    static let longestWaitSeconds = 3600.0
    static let defaultWaitSeconds = 600.0

    static func schema(_ properties: [String: Value], required: [String] = []) -> Value {
        .object([
            "type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
            "additionalProperties": false,
        ])
    }

    static func text(_ description: String) -> Value {
        .object(["type": "string", "description": .string(description)])
    }

    static let identifierRule = "letters, digits and . _ : - (not only dots)"
    static let dayRule = "an ISO 8601 date (2026-11-24) or time (2026-11-24T09:00:00Z)"

    static let all: [Tool] = [
        Tool(
            name: submit, title: "Submit a recording of a whole day",
            description: """
                Transcribes one recording once, finds every sales conversation in it (0, 1 or many), scores each \
                on six coaching pillars, and returns the session: every segment with its status, confidence, \
                customer, outcome, summary and analysis id. Waits up to wait_seconds (600 by default); if the \
                work takes longer it returns the session id and its current status, and get_all_day_session \
                gives the rest later. A recording submitted again unchanged returns its stored session at once.
                """,
            inputSchema: schema([
                "recording_url": text("The recording's http(s) URL (give this or file)."),
                "file": text("The recording's path on the host that runs callsift (give this or recording_url)."),
                "org_id": text("The organisation: \(identifierRule). Default: the manifest's defaults."),
                "rep_id": text("The sales rep: \(identifierRule). Default: the manifest's defaults."),
                "options": .object([
                    "type": "object",
                    "description": """
                    As a manifest entry's options: auto_analyze, min_confidence (0-1), language, \
                    skip_diarization, playbook_id, playbook_content, callback_url, prompt_overrides.
                    """,
                ]),
                "metadata": .object(["type": "object", "description": "Any JSON object, kept with the session."]),
                "wait_seconds": .object([
                    "type": "number", "minimum": 0, "maximum": .double(longestWaitSeconds),
                    "default": .double(defaultWaitSeconds),
                    "description": "How long to wait for the session to complete before returning its status.",
                ]),
            ]),
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true)),
        Tool(
            name: getSession, title: "Get a session",
            description: "A session with its segments, or the status of one still being processed.",
            inputSchema: schema(["session_id": text("The session's id.")], required: ["session_id"]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: listSessions, title: "List sessions",
            description: "Sessions, newest first, with their counts of segments; archived ones are left out.",
            inputSchema: schema([
                "org_id": text("Only this organisation's."), "rep_id": text("Only this rep's."),
                "status": .object(["type": "string", "enum": ["completed", "failed"]]),
                "since": text("Only sessions created at or after this: \(dayRule)."),
                "until": text("Only sessions created on or before this: \(dayRule)."),
                "limit": .object(["type": "integer", "minimum": 1, "maximum": 500, "default": 50]),
            ]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: archiveSession, title: "Archive a session",
            description: "Hides a session from list_all_day_sessions; nothing is deleted.",
            inputSchema: schema(["session_id": text("The session's id.")], required: ["session_id"]),
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: true)),
        Tool(
            name: getAnalysis, title: "Get an analysis",
            description: """
                One conversation's analysis: the six pillar scores with their evidence (quotes and times), \
                feedback, the action plan, and the conversation's transcript.
                """,
            inputSchema: schema(["analysis_id": text("A segment's analysis_id.")], required: ["analysis_id"]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: getRollup, title: "A rep's day at a glance",
            description: """
                A rep's conversations on a day or a range of days: outcomes, mean pillar scores, and every \
                call, those that need follow-up first, most urgent first (a dated next step, a loss on price or \
                timing, left for review, still open without a date), each with why.
                """,
            inputSchema: schema(
                [
                    "rep_id": text("The rep."), "org_id": text("The organisation (when reps' ids repeat across them)."),
                    "day": text("One day, 2026-11-24 (or give since and until)."),
                    "since": text("The first day of a range."), "until": text("The last day of a range."),
                ], required: ["rep_id"]),
            annotations: .init(readOnlyHint: true)),
    ]
}
