/// How `AudioDecoder` delivers audio.
public struct DecodeOptions: Sendable, Equatable {
    public enum ChannelMode: Sendable, Equatable {
        /// One channel, the average of the source's channels (what speech recognition wants).
        case mixdown
        /// Every source channel on its own (a dialer's stereo: rep on one side, customer on the other).
        case separate
    }

    public var sampleRate: Int
    public var channelMode: ChannelMode
    /// Length of each delivered chunk; the decoder holds at most about this much audio in memory.
    public var chunkSeconds: Double
    /// Where to begin, in seconds from the start of the recording (a resumed transcription).
    public var startSeconds: Double
    /// Decode from the very start and drop what lies before `startSeconds`, instead of seeking:
    /// the samples delivered are then exactly those of a decode from 0 (a lossy decoder's state and
    /// the resampler's phase after a seek differ slightly). Decoding runs at over 1,000× realtime,
    /// so this costs seconds even hours in; meant for local files.
    public var exactStart: Bool
    public var network: NetworkPolicy

    public init(
        sampleRate: Int = 16_000, channelMode: ChannelMode = .mixdown, chunkSeconds: Double = 30,
        startSeconds: Double = 0, exactStart: Bool = false, network: NetworkPolicy = .default
    ) {
        self.exactStart = exactStart
        self.sampleRate = sampleRate
        self.channelMode = channelMode
        self.chunkSeconds = chunkSeconds
        self.startSeconds = startSeconds
        self.network = network
    }
}
