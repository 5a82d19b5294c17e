/// What a stream-copy cut wrote.
public struct CutResult: Sendable, Equatable, Encodable {
    public var output: String
    public var container: String
    public var audioCodec: String
    public var requestedStartSeconds: Double
    public var requestedEndSeconds: Double
    /// Where the first copied packet starts in the source: at or just before the requested start.
    public var startSeconds: Double
    public var endSeconds: Double
    public var packets: Int
    public var sizeBytes: Int64
    /// Set when the cut is not in the source's own container, with the reason.
    public var fallback: String?
    /// Packets of the source the output container refused (damaged timestamps or data), left
    /// out of the cut; in the JSON only when there were some.
    public var rejectedPackets: Int = 0

    public var durationSeconds: Double { endSeconds - startSeconds }

    enum CodingKeys: String, CodingKey {
        case output, container, packets, fallback
        case rejectedPackets = "rejected_packets"
        case audioCodec = "audio_codec"
        case requestedStartSeconds = "requested_start_seconds"
        case requestedEndSeconds = "requested_end_seconds"
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
        case sizeBytes = "size_bytes"
        case durationSeconds = "duration_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(output, forKey: .output)
        try c.encode(container, forKey: .container)
        try c.encode(audioCodec, forKey: .audioCodec)
        try c.encode(requestedStartSeconds, forKey: .requestedStartSeconds)
        try c.encode(requestedEndSeconds, forKey: .requestedEndSeconds)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(endSeconds, forKey: .endSeconds)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(packets, forKey: .packets)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(fallback, forKey: .fallback)
        if rejectedPackets > 0 { try c.encode(rejectedPackets, forKey: .rejectedPackets) }
    }
}
