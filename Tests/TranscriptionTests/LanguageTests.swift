import Foundation
import Testing
import Transcripts

@testable import Transcription

/// What the languages rest on, without a model: which language a recording is in, which model
/// folder a name means, and which tags the built-in cues may judge.
struct LanguageTests {
    static func chunk(_ index: Int, language: String?, words: Int) -> ChunkTranscript {
        var chunk = ChunkTranscript(
            index: index, startSeconds: Double(index) * 60, endSeconds: Double(index + 1) * 60,
            words: (0..<words).map {
                Word(
                    word: "palabra", punctuatedWord: "palabra", start: Double($0), end: Double($0) + 0.3,
                    confidence: 0.9, speaker: nil, channel: 0)
            }, channelEnergies: [], voicePieces: [], channelEnergyTotals: [], channelDifferenceEnergy: 0,
            engineSeconds: 1)
        chunk.language = language
        return chunk
    }

    @Test func aRecordingIsInTheLanguageMostOfItsWordsWereDecodedIn() throws {
        #expect(
            ChunkTranscript.language(of: [
                Self.chunk(0, language: "en", words: 30), Self.chunk(1, language: "es", words: 200),
                Self.chunk(2, language: "es", words: 10),
            ]) == "es")
        // A chunk of silence or music, detected as anything, has no say.
        #expect(
            ChunkTranscript.language(of: [
                Self.chunk(0, language: "cy", words: 0), Self.chunk(1, language: "de", words: 3),
            ])
                == "de")
        #expect(ChunkTranscript.language(of: [Self.chunk(0, language: "cy", words: 0)]) == nil)
        // Checkpoints stored before languages were recorded still read.
        let old = try JSONEncoder().encode(Self.chunk(0, language: nil, words: 1))
        #expect(try JSONDecoder().decode(ChunkTranscript.self, from: old).language == nil)
    }

    @Test func aBareModelNameIsTheFolderMakeSetupFills() {
        var settings = WhisperSettings(python: "/opt/callsift/.venv/bin/python")
        #expect(settings.modelFolder == nil && settings.modelName == "tiny.en")
        settings.modelPath = "base"
        #expect(settings.modelFolder == "/opt/callsift/.venv/models/whisper-base")
        #expect(settings.modelName == "base")
        settings.modelPath = "/models/small.en"
        #expect(settings.modelFolder == "/models/small.en" && settings.modelName == "small.en")
        #expect(settings.arguments.suffix(2) == ["--model", "/models/small.en"])
    }

    @Test func englishTagsAreTheOnesTheBuiltInCuesJudge() {
        for english in ["en", "EN", "en-US", "en_GB", nil] { #expect(LanguageCode.hasBuiltInCues(english)) }
        for other in ["es", "de", "pt-BR", "eng-x"] { #expect(!LanguageCode.hasBuiltInCues(other)) }
        #expect(LanguageCode.primary("pt_BR") == "pt" && LanguageCode.primary("EN-us") == "en")
        #expect(LanguageCode.describe("es") == "Spanish (es)")
        #expect(LanguageCode.describe("xx") == "xx")
    }
}
