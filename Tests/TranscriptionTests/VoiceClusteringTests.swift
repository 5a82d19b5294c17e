import Foundation
import Testing
import Transcripts

@testable import Transcription

/// Grouping pieces of speech by voice from their embeddings, on vectors made to order.
struct VoiceClusteringTests {
    /// A unit vector near axis `voice` (of 8), jittered by `seed`: pieces of one voice are about
    /// 0.9 alike, of two voices about 0.1–0.25 alike.
    static func piece(_ voice: Int, _ seed: Int) -> VoiceEmbedding {
        var values = [Float](repeating: 0.05, count: 8)
        values[voice] = 1
        values[(voice + 1 + seed % 6) % 8] += 0.35
        return VoiceEmbedding(values)
    }

    @Test func piecesOfTwoVoicesFormTwoGroupsInOrderOfAppearance() {
        let embeddings = [
            Self.piece(3, 0), Self.piece(3, 1), Self.piece(5, 2), Self.piece(3, 3), Self.piece(5, 4), Self.piece(5, 5),
        ]
        let labels = EmbeddingClustering.cluster(embeddings, weights: Array(repeating: 2, count: 6))
        #expect(labels == [0, 0, 1, 0, 1, 1])
    }

    @Test func oneVoiceStaysOneAndAtLeastTwoForcesTheTopSplit() {
        let embeddings = (0..<6).map { Self.piece(2, $0) }
        #expect(Set(EmbeddingClustering.cluster(embeddings, weights: Array(repeating: 2, count: 6))) == [0])
        #expect(
            Set(EmbeddingClustering.cluster(embeddings, weights: Array(repeating: 2, count: 6), atLeast: 2)) == [0, 1])
    }

    @Test func aStrayPieceJoinsItsVoiceUnlessItSoundsLikeNoOne() {
        // A short piece of voice 3 (0.5 s) among long ones of voices 3 and 5: it joins voice 3.
        let near = [Self.piece(3, 0), Self.piece(3, 1), Self.piece(5, 2), Self.piece(5, 3), Self.piece(3, 4)]
        #expect(EmbeddingClustering.cluster(near, weights: [3, 3, 3, 3, 0.5]) == [0, 0, 1, 1, 0])
        // A short piece of a third voice is a voice of its own.
        let alone = [Self.piece(3, 0), Self.piece(3, 1), Self.piece(5, 2), Self.piece(5, 3), Self.piece(7, 4)]
        #expect(EmbeddingClustering.cluster(alone, weights: [3, 3, 3, 3, 0.5]) == [0, 0, 1, 1, 2])
    }

    @Test func longRecordingsAreClusteredInBlocksWithTheSameResult() {
        let count = EmbeddingClustering.blockSize + 300
        let embeddings = (0..<count).map { Self.piece($0 % 3 == 0 ? 1 : 6, $0) }
        let labels = EmbeddingClustering.cluster(embeddings, weights: Array(repeating: 1.5, count: count))
        #expect(Set(labels).count == 2)
        #expect(labels.enumerated().allSatisfy { $0.element == ($0.offset % 3 == 0 ? labels[0] : labels[1]) })
    }

    @Test func everyCustomerOnADialersLineChannelIsASpeakerOfTheirOwn() {
        // The rep on the left all day; two customers, one after the other, on the right.
        let turns: [(channel: Int, voice: Int)] = [
            (0, 1), (1, 3), (0, 1), (1, 3), (0, 1), (1, 3), (0, 1), (1, 5), (0, 1), (1, 5), (0, 1), (1, 5),
        ]
        func chunk(embedded: Bool) -> ChunkTranscript {
            let words = turns.indices.map { index in
                Word(
                    word: "word", punctuatedWord: "Word.", start: Double(index) * 2.5, end: Double(index) * 2.5 + 2,
                    confidence: 1)
            }
            let pieces = turns.enumerated().map { index, turn in
                VoicePiece(
                    firstWord: index, lastWord: index, start: words[index].start, end: words[index].end,
                    embedding: embedded ? Self.piece(turn.voice, index) : nil)
            }
            return ChunkTranscript(
                index: 0, startSeconds: 0, endSeconds: 30, words: words,
                channelEnergies: turns.map { $0.channel == 0 ? [0.5, 0.01] : [0.01, 0.4] },
                voicePieces: pieces, channelEnergyTotals: [10, 8], channelDifferenceEnergy: 9, engineSeconds: 1)
        }
        let (words, method) = Diarizer.diarize([chunk(embedded: true)], channels: 2, skip: false)
        #expect(method == .channels)
        #expect(words.map(\.channel) == turns.map(\.channel))
        #expect(words.compactMap(\.speaker) == [0, 1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 2])
        // Without the voice encoder, speaker = channel.
        #expect(
            Diarizer.diarize([chunk(embedded: false)], channels: 2, skip: false).words.compactMap(\.speaker)
                == turns.map(\.channel))
    }

    @Test func embeddingsSurviveTheirCompactStorage() throws {
        let original = Self.piece(4, 3)
        let stored = try JSONEncoder().encode(original)
        #expect(String(decoding: stored, as: UTF8.self).count < 400)
        let back = try JSONDecoder().decode(VoiceEmbedding.self, from: stored)
        #expect(abs(back.similarity(to: original) - 1) < 0.001)
    }

    @Test func questionsAnsweredAtOnceAreExchanges() {
        func word(_ text: String, _ at: Double) -> Word {
            Word(word: text.lowercased(), punctuatedWord: text, start: at, end: at + 0.3, confidence: 1)
        }
        let words = [word("Ready?", 0), word("Yes.", 1), word("Tuesday?", 3), word("Tuesday?", 4), word("Sure.", 10)]
        let pieces = words.indices.map { (words: $0..<($0 + 1), start: words[$0].start, end: words[$0].end) }
        // "Ready?" → "Yes." is one; "Tuesday?" → "Tuesday?" is a question twice; the last answer comes too late.
        let exchanges = DialogueEvidence.exchanges(pieces, words: words)
        #expect(exchanges.map(\.0) == [0] && exchanges.map(\.1) == [1])
        #expect(DialogueEvidence.agrees([0, 1, 0, 0, 1], with: exchanges))
        #expect(!DialogueEvidence.agrees([0, 0, 0, 0, 1], with: exchanges))
    }
}
