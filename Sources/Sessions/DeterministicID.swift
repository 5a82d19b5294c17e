import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 version 5): the same recording and index give the same ids on every
/// run and every host, so a rerun rewrites the same files instead of adding new ones.
public enum DeterministicID {
    /// callsift's namespace: UUIDv5 of "callsift" in the URL namespace.
    public static let namespace = make(
        namespace: UUID(uuidString: "6ba7b811-9dad-11d1-80b4-00c04fd430c8")!, name: "callsift")

    public static func make(namespace: UUID = namespace, name: String) -> UUID {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var hash = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return hash.withUnsafeBytes { UUID(uuid: $0.load(as: uuid_t.self)) }
    }

    /// Lower-case hex SHA-256 of `data`: a content fingerprint.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

extension UUID {
    /// How callsift writes an id, in files, the store and events alike: lower-case.
    public var lowercasedID: String { uuidString.lowercased() }
}
