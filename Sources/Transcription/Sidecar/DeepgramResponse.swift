import Foundation
import Transcripts

/// Deepgram's pre-recorded answer (`POST /v1/listen`), decoded. Read from a sidecar file by
/// `SidecarReader` and from the API by `DeepgramClient`, so both give the same `ImportedTranscript`.
struct DeepgramResponse: Decodable {
    struct Metadata: Decodable {
        struct ModelInfo: Decodable {
            var name: String?
            var arch: String?
        }

        var duration: Double?
        var channels: Int?
        var models: [String]?
        var modelInfo: [String: ModelInfo]?

        enum CodingKeys: String, CodingKey {
            case duration, channels, models
            case modelInfo = "model_info"
        }
    }

    struct Results: Decodable {
        var channels: [Channel]
        var utterances: [DeepgramUtterance]?
    }

    struct Channel: Decodable {
        var alternatives: [Alternative]
        var detectedLanguage: String?

        enum CodingKeys: String, CodingKey {
            case alternatives
            case detectedLanguage = "detected_language"
        }
    }

    struct Alternative: Decodable {
        var words: [DeepgramWord]
    }

    struct DeepgramWord: Decodable {
        var word: String
        var start: Double
        var end: Double
        var confidence: Double
        var speaker: Int?
        var punctuatedWord: String?

        enum CodingKeys: String, CodingKey {
            case word, start, end, confidence, speaker
            case punctuatedWord = "punctuated_word"
        }

        /// `channel` is set only for a multichannel answer: a mono answer says channel 0 of everything,
        /// which tells nothing.
        func word(channel: Int?) -> Word {
            Word(
                word: word, punctuatedWord: punctuatedWord ?? word, start: start, end: end, confidence: confidence,
                speaker: speaker, channel: channel)
        }
    }

    struct DeepgramUtterance: Decodable {
        var start: Double
        var end: Double
        var confidence: Double
        var channel: Int
        var transcript: String
        var words: [DeepgramWord]
        var speaker: Int?
    }

    var metadata: Metadata?
    var results: Results

    /// Decodes `data` as Deepgram's answer.
    static func parse(_ data: Data) throws(ParseFailure) -> ImportedTranscript {
        do {
            return try JSONDecoder().decode(DeepgramResponse.self, from: data).imported
        } catch let error as DecodingError {
            throw ParseFailure(error)
        } catch {
            throw ParseFailure("not valid JSON")
        }
    }

    /// The first alternative of each channel. With several channels (`multichannel=true`) the words of
    /// all channels are merged in time order, each keeping its channel index.
    var imported: ImportedTranscript {
        let multichannel = results.channels.count > 1
        var words: [(word: Word, order: Int)] = []
        for (index, channel) in results.channels.enumerated() {
            for word in channel.alternatives.first?.words ?? [] {
                words.append((word.word(channel: multichannel ? index : nil), words.count))
            }
        }
        words.sort { ($0.word.start, $0.order) < ($1.word.start, $1.order) }
        let utterances = results.utterances?.map { utterance in
            let channel = multichannel ? utterance.channel : nil
            return Utterance(
                start: utterance.start, end: utterance.end, speaker: utterance.speaker, channel: channel,
                transcript: utterance.transcript, confidence: utterance.confidence,
                words: utterance.words.map { $0.word(channel: channel) })
        }
        let model = metadata?.models?.first.flatMap { metadata?.modelInfo?[$0] }.flatMap { $0.arch ?? $0.name }
        return ImportedTranscript(
            format: "deepgram", words: words.map(\.word), utterances: utterances,
            channels: metadata?.channels ?? max(results.channels.count, 1), durationSeconds: metadata?.duration,
            language: results.channels.lazy.compactMap(\.detectedLanguage).first, model: model)
    }
}
