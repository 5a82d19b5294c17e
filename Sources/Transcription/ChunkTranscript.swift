import Transcripts

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
    /// Seconds the engine spent on this chunk, second looks included.
    public var engineSeconds: Double
    /// Where the engine's voice-activity detector heard speech; nil when no VAD ran.
    public var speech: VoiceActivity?
    /// Segments the hallucination guard dropped, with their time and why.
    public var dropped: [DroppedSegment]
    /// Wordless stretches of speech decoded again, and what that brought back.
    public var secondLooks: [SecondLook]
    /// Speech still without words after the second looks, and why.
    public var unheard: [UnheardSpeech]
    /// The language the chunk was decoded in (asked for, or detected); nil in older checkpoints.
    public var language: String?

    public init(
        index: Int, startSeconds: Double, endSeconds: Double, words: [Word], channelEnergies: [[Float]],
        voicePieces: [VoicePiece],
        channelEnergyTotals: [Double], channelDifferenceEnergy: Double, engineSeconds: Double,
        speech: VoiceActivity? = nil,
        dropped: [DroppedSegment] = [], secondLooks: [SecondLook] = [], unheard: [UnheardSpeech] = []
    ) {
        self.index = index
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.words = words
        self.channelEnergies = channelEnergies
        self.voicePieces = voicePieces
        self.channelEnergyTotals = channelEnergyTotals
        self.channelDifferenceEnergy = channelDifferenceEnergy
        self.engineSeconds = engineSeconds
        self.speech = speech
        self.dropped = dropped
        self.secondLooks = secondLooks
        self.unheard = unheard
    }

    enum CodingKeys: String, CodingKey {
        case index, startSeconds, endSeconds, words, channelEnergies, voicePieces, channelEnergyTotals,
            channelDifferenceEnergy
        case engineSeconds, speech, dropped, secondLooks, unheard, language
    }

    /// Checkpoints stored by earlier versions lack the voice activity and the second looks, and
    /// list their dropped segments as plain sentences: those are kept, spanning the whole chunk.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        startSeconds = try c.decode(Double.self, forKey: .startSeconds)
        endSeconds = try c.decode(Double.self, forKey: .endSeconds)
        words = try c.decode([Word].self, forKey: .words)
        channelEnergies = try c.decode([[Float]].self, forKey: .channelEnergies)
        voicePieces = try c.decode([VoicePiece].self, forKey: .voicePieces)
        channelEnergyTotals = try c.decode([Double].self, forKey: .channelEnergyTotals)
        channelDifferenceEnergy = try c.decode(Double.self, forKey: .channelDifferenceEnergy)
        engineSeconds = try c.decode(Double.self, forKey: .engineSeconds)
        speech = try c.decodeIfPresent(VoiceActivity.self, forKey: .speech)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        if let dropped = try? c.decodeIfPresent([DroppedSegment].self, forKey: .dropped) {
            self.dropped = dropped
        } else {
            let sentences = try c.decodeIfPresent([String].self, forKey: .dropped) ?? []
            let (start, end) = (startSeconds, endSeconds)
            dropped = sentences.map { DroppedSegment(start: start, end: end, text: "", reason: $0) }
        }
        secondLooks = try c.decodeIfPresent([SecondLook].self, forKey: .secondLooks) ?? []
        unheard = try c.decodeIfPresent([UnheardSpeech].self, forKey: .unheard) ?? []
    }
}

/// A few seconds of one voice (words `firstWord...lastWord` of a chunk) and what it sounds like:
/// the voice encoder's embedding, or (when the encoder is not installed) callsift's own features.
public struct VoicePiece: Sendable, Equatable, Codable {
    public var firstWord: Int
    public var lastWord: Int
    public var start: Double
    public var end: Double
    public var features: VoiceFeatures?
    public var embedding: VoiceEmbedding?

    public init(
        firstWord: Int, lastWord: Int, start: Double, end: Double, features: VoiceFeatures? = nil,
        embedding: VoiceEmbedding? = nil
    ) {
        self.firstWord = firstWord
        self.lastWord = lastWord
        self.start = start
        self.end = end
        self.features = features
        self.embedding = embedding
    }
}

extension ChunkTranscript {
    /// The recording's language: the one most of its words were decoded in (a chunk of music or
    /// silence has no say); nil when no chunk names one.
    public static func language(of chunks: [ChunkTranscript]) -> String? {
        var words: [String: Int] = [:]
        for chunk in chunks {
            guard let language = chunk.language, !chunk.words.isEmpty else { continue }
            words[language, default: 0] += chunk.words.count
        }
        return words.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}
