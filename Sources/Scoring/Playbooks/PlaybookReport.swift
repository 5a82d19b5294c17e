import Transcripts

/// How one conversation followed its playbook: each talking point and required question, and
/// the analysis API's `organization_prompt_summary` and `organization_feedback`, written only from what
/// this call said (counts, quotes, timestamps), so two calls never get the same generic text.
public struct PlaybookReport: Sendable, Equatable {
    /// One talking point or required question, and the moment the rep covered it, if they did.
    public struct Item: Sendable, Equatable {
        public enum Status: String, Sendable {
            case covered
            /// A required question whose words the rep said, but not as a question.
            case statedNotAsked = "stated_not_asked"
            case missed
        }

        /// The line as the playbook has it.
        public var text: String
        public var status: Status
        /// Fraction of the line's content words in the best-matching rep utterance(s), 0…1.
        public var coverage: Double
        /// What the rep said, from the first to the last sentence holding the item's words, at most
        /// 160 characters; nil when missed.
        public var quote: String?
        /// When the quote starts, in seconds from the start of the recording; nil when missed.
        public var startSeconds: Double?

        public var covered: Bool { status == .covered }

        public init(text: String, status: Status, coverage: Double, quote: String?, startSeconds: Double?) {
            self.text = text
            self.status = status
            self.coverage = coverage
            self.quote = quote
            self.startSeconds = startSeconds
        }
    }

    public var playbookID: String
    public var playbookName: String
    public var talkingPoints: [Item]
    public var requiredQuestions: [Item]
    /// One sentence: which playbook, and how many of its items this call covered.
    public var organizationPromptSummary: String
    /// One line per item, in playbook order: covered ones with quote and time, then what was missed.
    public var organizationFeedback: String

    public init(playbook: Playbook, talkingPoints: [Item], requiredQuestions: [Item]) {
        playbookID = playbook.id
        playbookName = playbook.name
        self.talkingPoints = talkingPoints
        self.requiredQuestions = requiredQuestions
        organizationPromptSummary = Self.summary(playbook, talkingPoints, requiredQuestions)
        organizationFeedback = (talkingPoints.map(Self.talkingPointLine) + requiredQuestions.map(Self.questionLine))
            .joined(separator: "\n")
    }

    /// "Playbook “Northwind discovery” (rep playbook for alex): 3 of 4 talking points and 1 of 2 required questions covered."
    private static func summary(_ playbook: Playbook, _ talkingPoints: [Item], _ questions: [Item]) -> String {
        let scope =
            if let rep = playbook.repID {
                "rep playbook for \(rep)"
            } else if let org = playbook.orgID {
                "org playbook for \(org)"
            } else if playbook.source == "request" {
                "sent with the request"
            } else {
                "id \(playbook.id)"
            }
        func count(_ items: [Item], _ noun: String) -> String? {
            items.isEmpty
                ? nil : "\(items.filter(\.covered).count) of \(items.count) \(noun)\(items.count == 1 ? "" : "s")"
        }
        let counts = [count(talkingPoints, "talking point"), count(questions, "required question")].compactMap { $0 }
        var summary = "Playbook “\(playbook.name)” (\(scope)): \(counts.joined(separator: " and ")) covered."
        let notAsked = questions.filter { $0.status == .statedNotAsked }.count
        if notAsked > 0 {
            summary +=
                " \(notAsked) required question\(notAsked == 1 ? " was" : "s were") stated but not asked as a question."
        }
        return summary
    }

    private static func talkingPointLine(_ item: Item) -> String {
        switch item.status {
        case .covered: "Covered “\(item.text)” at \(moment(item))"
        case .statedNotAsked, .missed: "Not covered: “\(item.text)”"
        }
    }

    private static func questionLine(_ item: Item) -> String {
        switch item.status {
        case .covered: "Asked “\(item.text)” at \(moment(item))"
        case .statedNotAsked: "Not asked as a question: “\(item.text)” (stated at \(moment(item)))"
        case .missed: "Not asked: “\(item.text)”"
        }
    }

    /// `0:53: “quote”`.
    private static func moment(_ item: Item) -> String {
        "\(TimeSpan.clock(item.startSeconds ?? 0)): “\(item.quote ?? "")”"
    }
}
