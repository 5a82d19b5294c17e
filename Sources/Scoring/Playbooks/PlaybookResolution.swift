/// The playbook chosen for one conversation, and which step of the all-day session API's resolution order chose
/// it, so a report can say why this playbook and not another.
public struct PlaybookResolution: Sendable, Equatable {
    /// The step that chose the playbook; raw values are the names the API uses.
    public enum Via: String, Sendable {
        /// `options.playbook_content`: the playbook text came with the request.
        case requestContent = "request_content"
        /// `options.playbook_id`: the request named a playbook.
        case playbookID = "playbook_id"
        /// The active playbook for the request's org and rep.
        case rep
        /// The active organization-wide playbook for the request's org.
        case org
    }

    public var playbook: Playbook
    public var via: Via

    public init(playbook: Playbook, via: Via) {
        self.playbook = playbook
        self.via = via
    }
}
