import Foundation
import Media
import TestSupport
import Transcription
import Transcripts

/// What the per-utterance signals add to a recording's run: `callsift transcribe` of the sample
/// workdays (which includes the signals) against the signals' own pass alone (the utterances'
/// prosody decoded and measured from the file, then the cues of their words), on the transcript
/// it wrote. The share is of transcription, the larger part of a run.
enum TimelineBench {
    static func run(row: (String, String, String, String) -> Void) throws {
        let repository = FileManager.default.currentDirectoryPath
        let callsift = "\(repository)/.build/release/callsift"
        let samples = "\(workDirectory)/samples"
        try Tool.run(["python3", "\(repository)/samples/generate.py", samples])
        for name in ["workday.mp3", "workday-stereo.flac"] {
            let audio = "\(samples)/\(name)"
            let output = "\(workDirectory)/timeline-\(name).json"
            let whole = try SpeechBench.timed { try Tool.run([callsift, "transcribe", audio, "-o", output]) }
            let transcript = try JSONDecoder().decode(
                Transcript.self, from: Data(contentsOf: URL(fileURLWithPath: output)))
            let source = MediaSource(audio)
            // The median of three passes: one pass is a few hundred milliseconds.
            let passes = try (0..<3).map { _ in
                try SpeechBench.timed {
                    UtteranceCues.annotate(
                        transcript, prosody: try ProsodyMeter.utterances(source, transcript: transcript))
                }.seconds
            }.sorted()
            let measured = transcript.utterances.filter { $0.signals?.prosody != nil }.count
            row(
                "utterance signals, \(name)",
                String(format: "%.2f s (%d utterances, %d measured)", passes[1], transcript.utterances.count, measured),
                String(format: "callsift transcribe %.1f s", whole.seconds),
                String(format: "%.1f%% of transcription", passes[1] / whole.seconds * 100))
        }
    }
}
