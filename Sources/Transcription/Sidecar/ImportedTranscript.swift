import Transcripts

/// A transcript read from another engine's output (a sidecar file or Deepgram's answer), before callsift
/// adds roles and sentiment. It keeps only what the source states: a word's `speaker` and `channel` are
/// nil unless the source names them, `utterances` is nil unless the source groups words into turns
/// (Deepgram utterances, whisper segments, subtitle cues).
///
/// Times are seconds from the start of the recording. `Word.word` is lower-case without punctuation;
/// `Word.punctuatedWord` is the text as the source printed it. A word whose source states no confidence
/// (subtitles, whisper segments without words) gets 1: the source published it as final text.
public struct ImportedTranscript: Sendable, Equatable {
    /// Where the words came from: "deepgram", "whisper", "whisperx", "srt" or "webvtt".
    public var format: String
    /// All words in time order.
    public var words: [Word]
    public var utterances: [Utterance]?
    public var channels: Int
    public var durationSeconds: Double?
    public var language: String?
    public var model: String?

    public init(
        format: String, words: [Word], utterances: [Utterance]?, channels: Int, durationSeconds: Double?,
        language: String?, model: String?
    ) {
        self.format = format
        self.words = words
        self.utterances = utterances
        self.channels = channels
        self.durationSeconds = durationSeconds
        self.language = language
        self.model = model
    }
}
