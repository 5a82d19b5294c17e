/// What a sales team expects a rep to say and ask on a call, and who it is for.
///
/// The all-day session API resolves one playbook per conversation (request, explicit id, rep, org); scoring then
/// checks the conversation against its talking points and required questions. Teams write
/// playbooks by hand, so two formats are read: plain YAML, and Markdown (what a sales enablement
/// document already looks like) with optional YAML front matter.
public struct Playbook: Sendable, Equatable {
    /// Stable id: `[A-Za-z0-9._:-]{1,256}`, the file name without extension unless the file says otherwise.
    public var id: String
    public var name: String
    /// The organization it belongs to; nil for a playbook only ever named explicitly.
    public var orgID: String?
    /// The rep it is for; nil for an organization-wide playbook. Needs `orgID`.
    public var repID: String?
    /// The rep's name as customers hear it ("Alex"): the name conversation detection uses for the
    /// rep, rather than what speech recognition makes of their introduction.
    public var repName: String?
    /// Inactive playbooks are kept (an explicit id still finds them) but never chosen by org or rep.
    public var active: Bool
    /// What the rep should get across, one message each.
    public var talkingPoints: [String]
    /// What the rep should ask the customer, as questions.
    public var requiredQuestions: [String]
    /// Where it came from: the file's path, or "request" for content sent with the request.
    public var source: String

    public init(
        id: String, name: String, orgID: String? = nil, repID: String? = nil, repName: String? = nil,
        active: Bool = true,
        talkingPoints: [String], requiredQuestions: [String], source: String
    ) {
        self.id = id
        self.name = name
        self.orgID = orgID
        self.repID = repID
        self.repName = repName
        self.active = active
        self.talkingPoints = talkingPoints
        self.requiredQuestions = requiredQuestions
        self.source = source
    }

    /// Reads a playbook written as YAML or as Markdown (with optional front matter).
    ///
    /// Markdown when the text opens with front matter, or is not a YAML mapping of playbook keys
    /// but has headings or bullets; YAML otherwise. `defaultID` is used when the text sets no `id`
    /// (a file's name without extension); `source` names the text in errors.
    public static func parse(_ text: String, defaultID: String, source: String) throws(PlaybookError) -> Playbook {
        try PlaybookParser(source: source, defaultID: defaultID).parse(text)
    }
}
