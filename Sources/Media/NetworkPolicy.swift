/// Time limits for http(s) sources, so a dead or stalled server fails one item instead of hanging a batch.
public struct NetworkPolicy: Sendable, Equatable {
    /// Connecting, or any single read, may stall this long before the source fails.
    public var readTimeoutSeconds: Double
    /// Opening a source (connect, headers, format detection, stream analysis) must finish within this.
    public var openTimeoutSeconds: Double

    public init(readTimeoutSeconds: Double = 20, openTimeoutSeconds: Double = 60) {
        self.readTimeoutSeconds = readTimeoutSeconds
        self.openTimeoutSeconds = openTimeoutSeconds
    }

    public static let `default` = NetworkPolicy()
}
