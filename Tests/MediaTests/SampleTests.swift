import Foundation
import Media
import TestSupport
import Testing

/// The sample generator (samples/generate.py) and its truth files, which later stages are judged against.
@Suite struct SampleTests {
    static func truth(_ name: String) throws -> SampleTruth { try SampleTruth.load(name) }

    @Test func everyRecordingMatchesItsTruth() throws {
        let directory = try SampleTruth.directory.get()
        let truths = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.hasSuffix(".truth.json")
        }
        #expect(truths.count == 11)
        for file in truths {
            let truth = try Self.truth(String(file.dropLast(".truth.json".count)))
            let probe = try Probe.probe(MediaSource("\(directory)/\(truth.recording)"))
            #expect(
                abs(probe.durationSeconds - truth.durationSeconds) < 0.1,
                "\(truth.recording): \(probe.durationSeconds) vs \(truth.durationSeconds)")
            #expect(
                zip(truth.turns, truth.turns.dropFirst()).allSatisfy { $0.end <= $1.start },
                "\(truth.recording): turns overlap")
            #expect(truth.turns.last.map { $0.end <= truth.durationSeconds } == true)
        }
    }

    @Test func theWorkdayHasEveryKindOfConversation() throws {
        let day = try Self.truth("workday")
        #expect(Set(day.conversations.map(\.kind)) == ["sales", "internal", "voicemail"])
        let sales = day.conversations.filter(\.isSalesConversation)
        #expect(Set(sales.compactMap(\.outcome)) == ["won", "lost", "ongoing", "no_decision"])
        #expect(Set(sales.compactMap(\.customerName)).count == sales.count, "each call has its own customer")
        let gaps = zip(day.conversations, day.conversations.dropFirst()).map { $1.startSeconds - $0.endSeconds }
        #expect(gaps.allSatisfy { $0 > 0 })
        #expect(gaps.contains { $0 < 5 }, "two calls back to back, seconds apart")
        #expect(day.durationSeconds > 420)
    }

    /// Dialer-style stereo: the rep's turns are on the left channel, everyone else's on the right.
    @Test func theStereoWorkdayKeepsTheRepOnTheLeft() throws {
        let directory = try SampleTruth.directory.get()
        let day = try Self.truth("workday-stereo")
        let decoder = try AudioDecoder(
            MediaSource("\(directory)/\(day.recording)"),
            options: DecodeOptions(channelMode: .separate, chunkSeconds: 60))
        var left: [Float] = []
        var right: [Float] = []
        while let chunk = try decoder.next() {
            left += chunk.channels[0]
            right += chunk.channels[1]
        }
        for turn in day.turns {
            let range = Int(turn.start * 16_000)..<min(left.count, Int(turn.end * 16_000))
            let (repSide, lineSide) = (rms(Array(left[range])), rms(Array(right[range])))
            if turn.speaker == "rep" {
                #expect(repSide > 0.02 && lineSide < repSide / 100, "\(turn.start): \(turn.text)")
            } else {
                #expect(lineSide > 0.02 && repSide < lineSide / 100, "\(turn.start): \(turn.text)")
            }
        }
    }
}
