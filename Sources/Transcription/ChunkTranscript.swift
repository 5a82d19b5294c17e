/// What one chunk of a recording produced: the words (times from the start of the recording) and
/// what diarization needs later, so a caller can store it and resume after it.
public struct ChunkTranscript: Sendable, Equatable, Codable {
    public var index: Int
    public var startSeconds: Double
    public var endSeconds: Double
    public var words: [Word]
    /// Per word, the mean 10 ms RMS of each source channel over the word (stereo sources only).
    public var channelEnergies: [[Float]]
    /// Runs of words with the voice features of their audio (mono diarization).
    public var voicePieces: [VoicePiece]
    /// Sums over the chunk of each channel's energy and of the squared difference between the two
    /// first channels: whether the channels really differ.
    public var channelEnergyTotals: [Double]
    public var channelDifferenceEnergy: Double
    /// Seconds the engine spent on this chunk.
    public var engineSeconds: Double
    /// Segments the hallucination guard dropped, and why.
    public var dropped: [String]
}

/// A few seconds of one voice (words `firstWord...lastWord` of a chunk) and its features.
public struct VoicePiece: Sendable, Equatable, Codable {
    public var firstWord: Int
    public var lastWord: Int
    public var start: Double
    public var end: Double
    public var features: VoiceFeatures?
}
