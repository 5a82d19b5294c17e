import Crypto
import Foundation
import Sessions

/// How a receiver knows a webhook came from this callsift: an HMAC-SHA256, keyed with the
/// webhook's secret, over `"<timestamp>.<body>"`, sent as
///
///     X-Callsift-Timestamp: 1763790000
///     X-Callsift-Signature: v1=<64 hex digits>
///
/// The timestamp is inside the signed bytes, so a captured request cannot be replayed later with
/// a fresh one; receivers should also reject timestamps more than 5 minutes old.
public enum WebhookSignature {
    public static let timestampHeader = "X-Callsift-Timestamp"
    public static let signatureHeader = "X-Callsift-Signature"
    public static let eventHeader = "X-Callsift-Event"

    public static func sign(body: Data, timestamp: Int, secret: String) -> String {
        let message = Data("\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time check of a received signature.
    public static func verify(body: Data, timestamp: Int, secret: String, signature: String) -> Bool {
        guard signature.hasPrefix("v1="), let given = Data(hex: String(signature.dropFirst(3))) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: Data("\(timestamp).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
    }
}

extension Data {
    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
