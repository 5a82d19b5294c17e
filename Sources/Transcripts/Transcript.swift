/// A recording's transcript, in the shape of Deepgram's pre-recorded response and of the analysis API's
/// summary fields, so code written against those APIs reads it unchanged.
///
/// Times are seconds from the start of the source file (the instant players call 0). Speakers are
/// numbered from 0; `roles` says which of them is the rep.
public struct Transcript: Sendable, Equatable, Codable {
    public var words: [Word]
    public var utterances: [Utterance]
    /// Length of the audio the transcript covers.
    public var durationSeconds: Double
    /// Number of channels of the source (2 for a dialer's stereo recording).
    public var channels: Int
    /// Who is who: one entry per speaker.
    public var speakers: [Speaker]
    /// How the transcript was made: engine, model, diarization method.
    public var engine: String
    public var model: String?
    public var diarization: String
    public var language: String?
    /// The analysis API summary: the whole text, its word count, and the lexicon sentiment over all utterances.
    public var text: String
    public var wordCount: Int
    public var overallSentiment: Sentiment
    public var sentimentScore: Double
    /// Where the audio holds speech (the engine's VAD); nil for a transcript made elsewhere. Pauses
    /// between conversations are measured from it.
    public var voiceActivity: VoiceActivity?
    /// The share of that speech that carries words (`SpeechCoverage`); nil without voice activity.
    public var speechCoverage: Double?
    /// What the hallucination guard dropped, decoded again, and left without words: nothing the
    /// engine said or missed disappears unrecorded.
    public var dropped: [DroppedSegment]
    public var secondLooks: [SecondLook]
    public var unheard: [UnheardSpeech]
    /// How each per-utterance signal was computed, by the method id its labels carry
    /// (`UtteranceCues.methods`); nil before the utterances were annotated.
    public var signalMethods: [String: String]?

    public init(
        words: [Word], utterances: [Utterance], durationSeconds: Double, channels: Int, speakers: [Speaker],
        engine: String, model: String?, diarization: String, language: String?, text: String, wordCount: Int,
        overallSentiment: Sentiment, sentimentScore: Double, voiceActivity: VoiceActivity? = nil,
        speechCoverage: Double? = nil,
        dropped: [DroppedSegment] = [], secondLooks: [SecondLook] = [], unheard: [UnheardSpeech] = []
    ) {
        self.words = words
        self.utterances = utterances
        self.durationSeconds = durationSeconds
        self.channels = channels
        self.speakers = speakers
        self.engine = engine
        self.model = model
        self.diarization = diarization
        self.language = language
        self.text = text
        self.wordCount = wordCount
        self.overallSentiment = overallSentiment
        self.sentimentScore = sentimentScore
        self.voiceActivity = voiceActivity
        self.speechCoverage = speechCoverage
        self.dropped = dropped
        self.secondLooks = secondLooks
        self.unheard = unheard
    }

    enum CodingKeys: String, CodingKey {
        case words, utterances, channels, speakers, engine, model, diarization, language, text, dropped, unheard
        case durationSeconds = "duration_seconds"
        case wordCount = "word_count"
        case overallSentiment = "overall_sentiment"
        case sentimentScore = "sentiment_score"
        case voiceActivity = "voice_activity"
        case speechCoverage = "speech_coverage"
        case secondLooks = "second_looks"
        case speakerTurns = "speaker_turns"
        case signalMethods = "signal_methods"
    }

    /// Transcripts written before voice activity was recorded read with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        words = try c.decode([Word].self, forKey: .words)
        utterances = try c.decode([Utterance].self, forKey: .utterances)
        durationSeconds = try c.decode(Double.self, forKey: .durationSeconds)
        channels = try c.decode(Int.self, forKey: .channels)
        speakers = try c.decode([Speaker].self, forKey: .speakers)
        engine = try c.decode(String.self, forKey: .engine)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        diarization = try c.decode(String.self, forKey: .diarization)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        text = try c.decode(String.self, forKey: .text)
        wordCount = try c.decode(Int.self, forKey: .wordCount)
        overallSentiment = try c.decode(Sentiment.self, forKey: .overallSentiment)
        sentimentScore = try c.decode(Double.self, forKey: .sentimentScore)
        voiceActivity = try c.decodeIfPresent(VoiceActivity.self, forKey: .voiceActivity)
        speechCoverage = try c.decodeIfPresent(Double.self, forKey: .speechCoverage)
        dropped = try c.decodeIfPresent([DroppedSegment].self, forKey: .dropped) ?? []
        secondLooks = try c.decodeIfPresent([SecondLook].self, forKey: .secondLooks) ?? []
        unheard = try c.decodeIfPresent([UnheardSpeech].self, forKey: .unheard) ?? []
        signalMethods = try c.decodeIfPresent([String: String].self, forKey: .signalMethods)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(words, forKey: .words)
        try c.encode(utterances, forKey: .utterances)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(channels, forKey: .channels)
        try c.encode(speakers, forKey: .speakers)
        try c.encode(engine, forKey: .engine)
        try c.encode(model, forKey: .model)
        try c.encode(diarization, forKey: .diarization)
        try c.encode(language, forKey: .language)
        try c.encode(text, forKey: .text)
        try c.encode(wordCount, forKey: .wordCount)
        try c.encode(overallSentiment, forKey: .overallSentiment)
        try c.encode(sentimentScore, forKey: .sentimentScore)
        try c.encode(speechCoverage, forKey: .speechCoverage)
        try c.encode(dropped, forKey: .dropped)
        try c.encode(secondLooks, forKey: .secondLooks)
        try c.encode(unheard, forKey: .unheard)
        try c.encode(voiceActivity, forKey: .voiceActivity)
        try c.encodeIfPresent(signalMethods, forKey: .signalMethods)
        // Derived from the voice activity and the words, written for readers; recomputed, never read back.
        try c.encode(speakerTurns, forKey: .speakerTurns)
    }
}

public enum Sentiment: String, Sendable, Codable, Equatable {
    case positive, neutral, negative
}

/// One recognized word (Deepgram's `results.channels[].alternatives[].words[]`).
public struct Word: Sendable, Equatable, Codable {
    /// Lower-case, without punctuation: what was said.
    public var word: String
    /// As it should be printed: capitals and punctuation.
    public var punctuatedWord: String
    public var start: Double
    public var end: Double
    /// 0…1, the engine's probability for the word.
    public var confidence: Double
    public var speaker: Int?
    public var channel: Int?

    public init(
        word: String, punctuatedWord: String, start: Double, end: Double, confidence: Double, speaker: Int? = nil,
        channel: Int? = nil
    ) {
        self.word = word
        self.punctuatedWord = punctuatedWord
        self.start = start
        self.end = end
        self.confidence = confidence
        self.speaker = speaker
        self.channel = channel
    }

    enum CodingKeys: String, CodingKey {
        case word, start, end, confidence, speaker, channel
        case punctuatedWord = "punctuated_word"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(word, forKey: .word)
        try c.encode(punctuatedWord, forKey: .punctuatedWord)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(speaker, forKey: .speaker)
        try c.encode(channel, forKey: .channel)
    }
}

/// A run of words by one speaker (Deepgram's `results.utterances[]`), with its lexicon sentiment.
public struct Utterance: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public var speaker: Int?
    public var channel: Int?
    public var transcript: String
    public var confidence: Double
    public var words: [Word]
    public var sentiment: Sentiment
    public var sentimentScore: Double
    /// Prosody, emotion, commitment and hesitation (`UtteranceCues.annotate`); nil until annotated.
    public var signals: UtteranceSignals?

    public init(
        start: Double, end: Double, speaker: Int?, channel: Int?, transcript: String, confidence: Double, words: [Word],
        sentiment: Sentiment = .neutral, sentimentScore: Double = 0
    ) {
        self.start = start
        self.end = end
        self.speaker = speaker
        self.channel = channel
        self.transcript = transcript
        self.confidence = confidence
        self.words = words
        self.sentiment = sentiment
        self.sentimentScore = sentimentScore
    }

    enum CodingKeys: String, CodingKey {
        case start, end, speaker, channel, transcript, confidence, words, sentiment, signals
        case sentimentScore = "sentiment_score"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(speaker, forKey: .speaker)
        try c.encode(channel, forKey: .channel)
        try c.encode(transcript, forKey: .transcript)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(words, forKey: .words)
        try c.encode(sentiment, forKey: .sentiment)
        try c.encode(sentimentScore, forKey: .sentimentScore)
        try c.encodeIfPresent(signals, forKey: .signals)
    }
}

/// A speaker and the role callsift gave them, with why.
public struct Speaker: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable {
        case rep, customer, unknown
    }

    public var id: Int
    public var role: Role
    public var words: Int
    public var talkSeconds: Double
    /// The evidence for the role, e.g. "introduces themselves with a company name at 0:02".
    public var reason: String

    public init(id: Int, role: Role, words: Int, talkSeconds: Double, reason: String) {
        self.id = id
        self.role = role
        self.words = words
        self.talkSeconds = talkSeconds
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case id, role, words, reason
        case talkSeconds = "talk_seconds"
    }
}
