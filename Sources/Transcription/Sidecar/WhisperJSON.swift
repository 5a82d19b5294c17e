import Foundation
import Transcripts

/// The JSON of the whisper family: openai-whisper's `--output_format json`, faster-whisper segment dumps
/// (an object with `segments`, or just the array of segments) and WhisperX (speakers, `score`s, and words
/// it could not align, which have no times).
enum WhisperJSON {
    struct Document: Decodable {
        var segments: [Segment]
        var language: String?
        /// faster-whisper's `TranscriptionInfo`, when the dump includes it.
        var info: Info?
        var wordSegments: [WhisperWord]?

        enum CodingKeys: String, CodingKey {
            case segments, language, info
            case wordSegments = "word_segments"
        }
    }

    struct Info: Decodable {
        var language: String?
        var duration: Double?
    }

    struct Segment: Decodable {
        var start: Double
        var end: Double
        var text: String
        var words: [WhisperWord]?
        var speaker: String?
    }

    struct WhisperWord: Decodable {
        var word: String
        var start: Double?
        var end: Double?
        /// whisper and faster-whisper.
        var probability: Double?
        /// WhisperX.
        var score: Double?
        var speaker: String?
    }

    static func parse(_ data: Data) throws(ParseFailure) -> ImportedTranscript {
        let document: Document
        do {
            let firstByte = data.first { !Character(UnicodeScalar($0)).isWhitespace }
            if firstByte == UInt8(ascii: "[") {
                document = Document(segments: try JSONDecoder().decode([Segment].self, from: data))
            } else {
                document = try JSONDecoder().decode(Document.self, from: data)
            }
        } catch let error as DecodingError {
            throw ParseFailure(error)
        } catch {
            throw ParseFailure("not valid JSON")
        }
        return imported(document)
    }

    private static func imported(_ document: Document) -> ImportedTranscript {
        var labels = SpeakerLabels()
        var words: [Word] = []
        var utterances: [Utterance] = []
        for segment in document.segments {
            let speaker = segment.speaker.map { labels.number($0) }
            let segmentWords =
                if let timed = segment.words, !timed.isEmpty {
                    Self.words(timed, in: segment, speaker: speaker, labels: &labels)
                } else {
                    SpokenWords.spread(
                        segment.text, start: segment.start, end: segment.end, confidence: 1, speaker: speaker)
                }
            guard !segmentWords.isEmpty else { continue }
            words += segmentWords
            utterances.append(
                Utterance(
                    start: segment.start, end: segment.end, speaker: speaker, channel: nil,
                    transcript: segment.text.trimmingCharacters(in: .whitespacesAndNewlines),
                    confidence: segmentWords.reduce(0) { $0 + $1.confidence } / Double(segmentWords.count),
                    words: segmentWords))
        }
        let whisperX =
            document.wordSegments != nil
            || document.segments.contains { segment in
                segment.speaker != nil || segment.words?.contains { $0.score != nil || $0.speaker != nil } == true
            }
        return ImportedTranscript(
            format: whisperX ? "whisperx" : "whisper", words: words, utterances: utterances, channels: 1,
            durationSeconds: document.info?.duration, language: document.language ?? document.info?.language, model: nil
        )
    }

    /// A segment's words. A word WhisperX could not align (often a number) has no times: it gets a share,
    /// by length, of the gap between the timed words around it (or the segment's edges), and the mean
    /// score of the segment's scored words.
    private static func words(
        _ source: [WhisperWord], in segment: Segment, speaker: Int?, labels: inout SpeakerLabels
    ) -> [Word] {
        let spoken = source.filter { !SpokenWords.normalized($0.word).isEmpty }
        let stated = spoken.compactMap { $0.probability ?? $0.score }
        let meanConfidence = stated.isEmpty ? 1 : stated.reduce(0, +) / Double(stated.count)
        var words = spoken.map { word in
            let text = word.word.trimmingCharacters(in: .whitespacesAndNewlines)
            return Word(
                word: SpokenWords.normalized(text), punctuatedWord: text, start: word.start ?? 0, end: word.end ?? 0,
                confidence: word.probability ?? word.score ?? meanConfidence,
                speaker: word.speaker.map { labels.number($0) } ?? speaker)
        }
        var index = 0
        while index < spoken.count {
            guard spoken[index].start == nil || spoken[index].end == nil else {
                index += 1
                continue
            }
            var next = index
            while next < spoken.count, spoken[next].start == nil || spoken[next].end == nil { next += 1 }
            let from = index > 0 ? words[index - 1].end : segment.start
            let to = next < spoken.count ? words[next].start : segment.end
            let times = SpokenWords.share(
                words[index..<next].map(\.punctuatedWord.count), start: from, end: max(from, to))
            for (offset, time) in times.enumerated() {
                words[index + offset].start = time.start
                words[index + offset].end = time.end
            }
            index = next
        }
        return words
    }
}
