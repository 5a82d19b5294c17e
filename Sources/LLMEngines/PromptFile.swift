import Crypto
import Foundation

/// A prompt shipped as a file in `Prompts/` (`<name>-v<version>.md`), so a prompt change is a
/// reviewed diff and every analysis records which prompt produced it: `id` and `version` go to
/// `master_prompt_id` / `master_prompt_version`, the version with the first 12 hex digits of the
/// file's SHA-256 so an edit without a version bump is still told apart.
public struct PromptFile: Sendable, Equatable {
    public let id: String
    public let version: String
    public let text: String

    /// The newest version of `name` among the bundled prompts.
    public static func load(_ name: String) throws(LLMEngineError) -> PromptFile {
        let folder = Bundle.module.resourceURL?.appendingPathComponent("Prompts")
        let files = folder.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []
        let versions = files.compactMap { file -> (Int, String)? in
            guard file.hasPrefix("\(name)-v"), file.hasSuffix(".md") else { return nil }
            return Int(file.dropFirst(name.count + 2).dropLast(3)).map { ($0, file) }
        }
        guard let folder, let (version, file) = versions.max(by: { $0.0 < $1.0 }),
            let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        else { throw .promptMissing(name) }
        let digest = SHA256.hash(data: Data(text.utf8)).map { byte in String(byte, radix: 16).leftPadded(to: 2) }
            .joined()
        return PromptFile(id: "callsift-llm-\(name)", version: "\(version) (sha256:\(digest.prefix(12)))", text: text)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
