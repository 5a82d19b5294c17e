import Foundation
import Testing
import Transcripts

@testable import Transcription

/// The second looks on a scripted worker: a window the guard drops, a window the model ends early,
/// a voice the VAD missed. Nothing may leave the transcript without a trace.
struct ChunkDecoderTests {
    /// 60 s of faint noise, starting 100 s into the recording, with a loud stretch at 50–53 s.
    static let chunk: SpeechChunk = {
        var samples = [Float](repeating: 0.0005, count: 16_000 * 60)
        for index in (16_000 * 50)..<(16_000 * 53) { samples[index] = index % 40 < 20 ? 0.2 : -0.2 }
        return SpeechChunk(index: 3, startSample: 16_000 * 100, samples: samples, channelEnvelopes: [])
    }()

    static func segment(_ start: Double, _ end: Double, words: Int, compression: Double = 1.2) -> WorkerAnswer.Segment {
        let step = (end - start) / Double(max(1, words))
        return WorkerAnswer.Segment(
            start: start, end: end, text: (0..<words).map { "w\($0)" }.joined(separator: " "), noSpeechProb: 0.05,
            avgLogprob: -0.3,
            compressionRatio: compression, temperature: 0,
            words: (0..<words).map {
                WorkerAnswer.WorkerWord(
                    word: " w\($0)", start: start + Double($0) * step, end: start + Double($0 + 1) * step,
                    probability: 0.9)
            })
    }

    static func answer(_ segments: [WorkerAnswer.Segment], speech: [[Double]]? = nil) -> WorkerAnswer {
        WorkerAnswer(
            id: 3, segments: segments, language: "en", seconds: 1, speech: speech, speechPad: 0.4, embeddings: nil,
            maxRssKib: 1000)
    }

    /// A worker that answers each kind of request from a script and records what it was asked.
    final class ScriptedWorker: @unchecked Sendable {
        var requests: [WhisperWorker.Decoding] = []
        let first: WorkerAnswer
        let clips: ([TimeSpan]) -> [WorkerAnswer.Segment]
        /// Screened clips the worker leaves out, with the peak speech probability it reports.
        var screenOut: Double?
        let sequential: (Double, Double) -> [WorkerAnswer.Segment]

        init(
            first: WorkerAnswer, clips: @escaping ([TimeSpan]) -> [WorkerAnswer.Segment] = { _ in [] },
            sequential: @escaping (Double, Double) -> [WorkerAnswer.Segment] = { _, _ in [] }
        ) {
            self.first = first
            self.clips = clips
            self.sequential = sequential
        }

        var decoder: ChunkDecoder {
            ChunkDecoder { samples, decoding in
                self.requests.append(decoding)
                switch decoding {
                case .configured: return self.first
                case .clips(let spans, let screen, let below):
                    var answer = ChunkDecoderTests.answer(self.clips(spans))
                    if let peak = self.screenOut, peak < below { answer.screened = screen.map { [Double($0), peak] } }
                    return answer
                case .sequential:
                    let from = Double(samples.startIndex) / 16_000
                    return ChunkDecoderTests.answer(
                        self.sequential(from, from + Double(samples.count) / 16_000).map { segment in
                            var shifted = segment
                            shifted.start -= from
                            shifted.end -= from
                            shifted.words = segment.words.map {
                                var word = $0
                                word.start -= from
                                word.end -= from
                                return word
                            }
                            return shifted
                        })
                case .embed: return ChunkDecoderTests.answer([])
                }
            }
        }
    }

    @Test func aWindowTheGuardDropsIsDecodedAgainAndListed() throws {
        let worker = ScriptedWorker(
            first: Self.answer(
                [
                    Self.segment(0, 10, words: 20), Self.segment(10, 38, words: 5, compression: 8.4),
                    Self.segment(38, 48, words: 20),
                ],
                speech: [[0, 48]]),
            clips: { _ in [Self.segment(10.2, 37.8, words: 60)] })
        let heard = try worker.decoder.decode(Self.chunk)
        let dropped = try #require(heard.dropped.first)
        #expect(heard.dropped.count == 1)
        #expect(dropped.start == 110 && dropped.end == 138, "at the recording's times")
        #expect(dropped.reason.contains("compresses 8.40"))
        #expect(dropped.recovered)
        #expect(heard.words.count == 100, "the 60 recovered words and the 40 kept")
        #expect(heard.words.map(\.start) == heard.words.map(\.start).sorted())
        #expect(heard.unheard.isEmpty)
        #expect(heard.secondLooks.contains { $0.method == "own window" && $0.heardAs == .speech && $0.words == 60 })
        #expect(!worker.requests.contains(.sequential), "the batched look sufficed")
        let speech = try #require(heard.speech)
        let coverage = try #require(SpeechCoverage.ratio(heard.words, activity: speech))
        #expect(coverage > 0.99)
    }

    @Test func speechStillWithoutWordsIsListedWithWhatWasTried() throws {
        let worker = ScriptedWorker(
            first: Self.answer(
                [
                    Self.segment(0, 10, words: 20), Self.segment(10, 20, words: 3, compression: 9),
                    Self.segment(20, 48, words: 40),
                ], speech: [[0, 48]]))
        let heard = try worker.decoder.decode(Self.chunk)
        #expect(worker.requests.filter { $0 == .sequential }.count == 1)
        let unheard = try #require(heard.unheard.first)
        #expect(abs(unheard.start - 110) < 1e-9 && abs(unheard.end - 120) < 1e-9)
        #expect(unheard.reason.contains("dropped") && unheard.reason.contains("sequentially"), "\(unheard.reason)")
        #expect(heard.dropped.first?.recovered == false)
    }

    @Test func theSequentialLookHasABudget() throws {
        // Twenty seconds of wordless speech in twenty seconds of speech: more than a quarter.
        let worker = ScriptedWorker(first: Self.answer([], speech: [[0, 20]]))
        let heard = try worker.decoder.decode(Self.chunk)
        #expect(!worker.requests.contains(.sequential))
        #expect(heard.unheard.count == 1)
        #expect(heard.unheard.first?.reason.contains("budget") == true)
    }

    @Test func aLoudStretchTheVADMissedBecomesSpeechWhenItHoldsWords() throws {
        let worker = ScriptedWorker(
            first: Self.answer([Self.segment(0, 10, words: 20)], speech: [[0, 10]]),
            clips: { spans in
                spans.contains { $0.start <= 50 && $0.end >= 53 } ? [Self.segment(50.2, 52.8, words: 6)] : []
            })
        let heard = try worker.decoder.decode(Self.chunk)
        #expect(heard.secondLooks.contains { $0.heardAs == .sound && $0.words == 6 })
        #expect(heard.words.count == 26)
        let regions = try #require(heard.speech?.regions)
        #expect(regions.contains { $0.start <= 150.2 && $0.end >= 152.8 }, "\(regions)")
    }

    @Test func loudSoundWithoutATraceOfSpeechIsScreenedNotDecoded() throws {
        let worker = ScriptedWorker(first: Self.answer([Self.segment(0, 10, words: 20)], speech: [[0, 10]]))
        worker.screenOut = 0.05
        let heard = try worker.decoder.decode(Self.chunk)
        guard
            case .clips(_, let screen, let below)? = worker.requests.first(where: {
                if case .clips = $0 { true } else { false }
            })
        else {
            Issue.record("no second look")
            return
        }
        #expect(screen == [0] && below == ChunkDecoder.soundScreen, "the clip of the loud stretch alone is screened")
        let look = try #require(heard.secondLooks.first { $0.heardAs == .sound })
        #expect(look.method == "screened" && look.peakSpeechProbability == 0.05 && look.words == 0)
        #expect(heard.speech?.regions == [TimeSpan(start: 100, end: 110)], "still not speech")
    }

    @Test func aPieceThatOnlyContinuesTheOneBeforeIsNotEmbedded() {
        // One sentence of 6 s without a pause (distinct words: a repeated one would be collapsed):
        // cut into pieces at 3 s, the second only continues the first.
        var heard = ChunkDecoder.Heard()
        heard.words = (0..<20).map { index in
            let start = 100 + Double(index) * 0.3
            return Word(
                word: "w\(index)", punctuatedWord: index == 19 ? "w\(index)." : "w\(index)", start: start,
                end: start + 0.28, confidence: 0.9)
        }
        final class Asked: @unchecked Sendable { var pieces: [TimeSpan] = [] }
        let asked = Asked()
        let done = ChunkAnalysis.make(chunk: Self.chunk, heard: heard) { pieces in
            asked.pieces = pieces
            return pieces.map { _ in [Float](repeating: 1, count: 256) }
        }
        #expect(done.voicePieces.count == 2)
        #expect(asked.pieces.count == 1 && asked.pieces[0].start < 0.01, "only the first piece, at the chunk's times")
        #expect(done.voicePieces[0].embedding != nil && done.voicePieces[1].embedding == nil)
    }

    @Test func aStretchedLastWordDoesNotHideTheSpeechBehindIt() throws {
        var long = Self.segment(0, 2, words: 2)
        long.words[1].end = 12  // the aligner's artefact: one word over the rest of the window
        let worker = ScriptedWorker(
            first: Self.answer([long], speech: [[0, 12]]), clips: { _ in [Self.segment(3, 11.5, words: 15)] })
        let heard = try worker.decoder.decode(Self.chunk)
        #expect(heard.words.count == 17)
        #expect(heard.words.allSatisfy { $0.end - $0.start <= ChunkDecoder.longestWord + 1e-9 })
    }
}
