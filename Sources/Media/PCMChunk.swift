/// A run of decoded audio, resampled to `sampleRate` Float32 in [-1, 1].
///
/// Sample `i` of every channel plays at `(startSample + i) / sampleRate` seconds from the start of
/// the recording (the instant players call 0), so chunks line up with the source however long it is.
public struct PCMChunk: Sendable, Equatable {
    public let startSample: Int64
    public let sampleRate: Int
    /// One array for a mixdown; one per source channel (left first) when decoding channels separately.
    public let channels: [[Float]]

    public init(startSample: Int64, sampleRate: Int, channels: [[Float]]) {
        self.startSample = startSample
        self.sampleRate = sampleRate
        self.channels = channels
    }

    public var frameCount: Int { channels.first?.count ?? 0 }
    public var startSeconds: Double { Double(startSample) / Double(sampleRate) }
    public var endSeconds: Double { Double(startSample + Int64(frameCount)) / Double(sampleRate) }

    /// The average of the channels: what a mono listener hears.
    public func mixdown() -> [Float] {
        guard channels.count > 1 else { return channels.first ?? [] }
        let scale = 1 / Float(channels.count)
        var mixed = [Float](repeating: 0, count: frameCount)
        for channel in channels {
            for i in 0..<mixed.count { mixed[i] += channel[i] }
        }
        for i in 0..<mixed.count { mixed[i] *= scale }
        return mixed
    }
}
