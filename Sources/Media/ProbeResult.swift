/// What `probe` learns about a recording without decoding it.
public struct ProbeResult: Sendable, Equatable, Codable {
    /// How `durationSeconds` was obtained.
    public enum DurationMethod: String, Sendable, Codable {
        /// The container's header, confirmed by the last packets of the stream.
        case container
        /// The timestamps of the last packets, because the header was missing, estimated or wrong.
        case streams
        /// FFmpeg's estimate from size and bit rate; only when the source cannot be seeked to check it.
        case bitrate
    }

    public var source: String
    /// Short container name: "mp3", "wav", "m4a", "mp4", "aac", "ogg", "flac", "webm", ...
    public var container: String
    public var containerLongName: String
    /// libavformat's own name for the demuxer, e.g. "mov,mp4,m4a,3gp,3g2,mj2".
    public var formatName: String
    public var durationSeconds: Double
    public var durationMethod: DurationMethod
    /// Timestamp of the first audio sample; players call it 0 (MP3 priming makes it ~0.025).
    public var startSeconds: Double
    public var audioStreamIndex: Int
    public var audioCodec: String
    public var audioCodecLongName: String
    public var sampleRate: Int
    public var channels: Int
    /// "mono", "stereo", "5.1", or "2 channels" when the file does not say which.
    public var channelLayout: String
    /// Bits per second of the audio stream, or of the whole file when the stream does not say.
    public var bitRate: Int?
    public var sizeBytes: Int64?
    /// Container and audio-stream metadata (title, artist, date, encoder, ...).
    public var tags: [String: String]
    /// Whether byte ranges can be read out of order (local files; URLs whose server honours Range).
    public var seekable: Bool
    /// Whether the file holds less than its header promises; what is there still decodes.
    public var truncated: Bool
    public var hasVideo: Bool
    /// What a person should know: truncation, a header that lied, FFmpeg's complaints.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case source, container, tags, seekable, truncated, warnings, channels
        case containerLongName = "container_long_name"
        case formatName = "format_name"
        case durationSeconds = "duration_seconds"
        case durationMethod = "duration_method"
        case startSeconds = "start_seconds"
        case audioStreamIndex = "audio_stream_index"
        case audioCodec = "audio_codec"
        case audioCodecLongName = "audio_codec_long_name"
        case sampleRate = "sample_rate"
        case channelLayout = "channel_layout"
        case bitRate = "bit_rate"
        case sizeBytes = "size_bytes"
        case hasVideo = "has_video"
    }

    /// Explicit `null`s for unknown values, so every probe has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(container, forKey: .container)
        try c.encode(containerLongName, forKey: .containerLongName)
        try c.encode(formatName, forKey: .formatName)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(durationMethod, forKey: .durationMethod)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(audioStreamIndex, forKey: .audioStreamIndex)
        try c.encode(audioCodec, forKey: .audioCodec)
        try c.encode(audioCodecLongName, forKey: .audioCodecLongName)
        try c.encode(sampleRate, forKey: .sampleRate)
        try c.encode(channels, forKey: .channels)
        try c.encode(channelLayout, forKey: .channelLayout)
        try c.encode(bitRate, forKey: .bitRate)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(tags, forKey: .tags)
        try c.encode(seekable, forKey: .seekable)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(hasVideo, forKey: .hasVideo)
        try c.encode(warnings, forKey: .warnings)
    }
}
