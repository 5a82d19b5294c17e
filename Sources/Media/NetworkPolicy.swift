import Foundation

/// Time limits for http(s) sources, so a dead or stalled server fails one item instead of hanging a batch.
public struct NetworkPolicy: Sendable, Equatable {
    /// Connecting, or any single read, may stall this long before the source fails.
    public var readTimeoutSeconds: Double
    /// Opening a source (connect, headers, format detection, stream analysis) must finish within this.
    public var openTimeoutSeconds: Double

    /// Whether an https server must show a certificate the system trusts for its name. Off only
    /// where a manifest says `insecure_tls: true` for a source.
    public var verifiesTLS: Bool

    public init(readTimeoutSeconds: Double = 20, openTimeoutSeconds: Double = 60, verifiesTLS: Bool = true) {
        self.readTimeoutSeconds = readTimeoutSeconds
        self.openTimeoutSeconds = openTimeoutSeconds
        self.verifiesTLS = verifiesTLS
    }

    /// The system's CA bundle (Debian's ca-certificates), when there is one; otherwise the TLS
    /// library's own system trust.
    static let caBundle = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"].first {
        FileManager.default.fileExists(atPath: $0)
    }

    /// libavformat's options for an http(s) source: timeouts, user agent, certificate checks.
    func options(reconnect: Bool) -> [(String, String)] {
        let micros = String(Int64(readTimeoutSeconds * 1_000_000))
        var options = [("rw_timeout", micros), ("timeout", micros), ("user_agent", "callsift")]
        if reconnect { options += [("reconnect", "1"), ("reconnect_delay_max", "4")] }
        options.append(("tls_verify", verifiesTLS ? "1" : "0"))
        if verifiesTLS, let caBundle = Self.caBundle { options.append(("ca_file", caBundle)) }
        return options
    }

    public static let `default` = NetworkPolicy()
}
