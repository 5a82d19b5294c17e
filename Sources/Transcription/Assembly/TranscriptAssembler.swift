import Transcripts

/// Builds the final `Transcript` from an engine's words: speakers, utterances, roles, sentiment.
public enum TranscriptAssembler {
    /// From chunks of words without speakers (the whisper engine's).
    public static func assemble(
        chunks: [ChunkTranscript], channels: Int, durationSeconds: Double, skipDiarization: Bool,
        engine: String = "whisper",
        model: String?, language: String?
    ) -> Transcript {
        let (words, method) = Diarizer.diarize(chunks, channels: channels, skip: skipDiarization)
        var transcript = finish(
            words: words, utterances: UtteranceBuilder.build(words), durationSeconds: durationSeconds,
            channels: channels,
            engine: engine, model: model, diarization: method.rawValue, language: language)
        // Voice activity only when every chunk has it (a run resumed from old checkpoints may not).
        let activities = chunks.compactMap(\.speech)
        if !chunks.isEmpty, activities.count == chunks.count {
            let activity = VoiceActivity(
                method: activities[0].method, padSeconds: activities[0].padSeconds,
                regions: TimeSpan.union(activities.flatMap(\.regions)))
            transcript.voiceActivity = activity
            transcript.speechCoverage = SpeechCoverage.ratio(words, activity: activity)
        }
        transcript.dropped = chunks.flatMap(\.dropped)
        transcript.secondLooks = chunks.flatMap(\.secondLooks)
        transcript.unheard = chunks.flatMap(\.unheard)
        return transcript
    }

    /// From a transcript made elsewhere (a sidecar file, the Deepgram API): its speakers are kept;
    /// without them, a multichannel transcript's channels are the speakers.
    public static func assemble(
        imported: ImportedTranscript, engine: String, durationSeconds: Double?, skipDiarization: Bool
    ) -> Transcript {
        var words = imported.words
        let hasSpeakers = words.contains { $0.speaker != nil }
        for index in words.indices {
            if skipDiarization {
                words[index].speaker = 0
            } else if !hasSpeakers {
                words[index].speaker = words[index].channel ?? 0
            }
        }
        let method =
            skipDiarization
            ? "none"
            : hasSpeakers ? "from the \(imported.format) transcript" : imported.channels > 1 ? "channels" : "none"
        let utterances = !skipDiarization && hasSpeakers ? imported.utterances.map(UtteranceBuilder.scored) : nil
        return finish(
            words: words, utterances: utterances ?? UtteranceBuilder.build(words),
            durationSeconds: durationSeconds ?? imported.durationSeconds ?? words.last?.end ?? 0,
            channels: imported.channels,
            engine: engine, model: imported.model, diarization: method, language: imported.language)
    }

    static func finish(
        words: [Word], utterances: [Utterance], durationSeconds: Double, channels: Int, engine: String, model: String?,
        diarization: String, language: String?
    ) -> Transcript {
        let weighted = utterances.reduce(0.0) { $0 + $1.sentimentScore * Double(max(1, $1.words.count)) }
        let weight = utterances.reduce(0) { $0 + max(1, $1.words.count) }
        let score = weight > 0 ? weighted / Double(weight) : 0
        return Transcript(
            words: words, utterances: utterances, durationSeconds: durationSeconds, channels: channels,
            speakers: RoleAssigner.assign(utterances, durationSeconds: durationSeconds), engine: engine, model: model,
            diarization: diarization, language: language, text: words.map(\.punctuatedWord).joined(separator: " "),
            wordCount: words.count, overallSentiment: SentimentLexicon.label(score), sentimentScore: score)
    }
}
