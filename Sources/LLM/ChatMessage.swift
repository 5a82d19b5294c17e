/// One message of a chat-completions conversation, as on the wire: `{"role": ..., "content": ...}`.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// Who speaks: the instructions, the user's input, or an earlier reply of the model (kept in a
    /// repair retry, so the model sees what it wrote).
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: .assistant, content: content) }
}
