import Foundation

/// One finished piece of a recording's transcript, as the engine returned it. Chunks are the
/// transcription's checkpoints: a resumed run starts after the last one stored.
public struct TranscriptChunk: Sendable, Equatable {
    /// 0, 1, 2… in recording order.
    public var index: Int
    public var startSeconds: Double
    public var endSeconds: Double
    /// The caller's encoding of the chunk's words and utterances, stored byte for byte.
    public var payload: Data

    public init(index: Int, startSeconds: Double, endSeconds: Double, payload: Data) {
        self.index = index
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.payload = payload
    }
}
