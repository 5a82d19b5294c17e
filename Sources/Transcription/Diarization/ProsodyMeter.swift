import Foundation
import Media
import Transcripts

/// How the rep's voice moved in each conversation, measured from the recording.
///
/// The recording is decoded once, as a stream (16 kHz; channels kept apart when the transcript
/// was split by channel, so the rep's side is measured alone); each of the rep's utterances is
/// cut from the stream as it passes and tracked with the same YIN pitch tracker the diarizer uses.
/// Per conversation: the median pitch of the voiced frames, and their spread as the standard
/// deviation of 12·log2(pitch / median), in semitones. Fewer than 50 voiced frames (0.5 s) give no
/// figure. Memory holds one decoder chunk plus the longest utterance, whatever the recording's length.
public enum ProsodyMeter {
    /// One stretch of the rep's speech, in seconds of the source, and the conversation it belongs to.
    public struct Span: Sendable {
        public var start: Double
        public var end: Double
        public var conversation: Int

        public init(start: Double, end: Double, conversation: Int) {
            self.start = start
            self.end = end
            self.conversation = conversation
        }
    }

    static let minimumVoicedFrames = 50

    /// The rep's utterances of `transcript` within each of `conversations` (start, end) spans.
    public static func repSpans(_ transcript: Transcript, conversations: [(start: Double, end: Double)]) -> [Span] {
        let rep = Set(transcript.speakers.filter { $0.role == .rep }.map(\.id))
        return conversations.enumerated().flatMap { index, span in
            transcript.utterances.filter {
                rep.contains($0.speaker ?? -1) && ($0.start + $0.end) / 2 >= span.start
                    && ($0.start + $0.end) / 2 <= span.end
            }
            .map { Span(start: $0.start, end: $0.end, conversation: index) }
        }
    }

    /// The rep's pitch in each of `conversations` of `transcript`'s recording: the rep's own channel
    /// when the transcript was split by channel, else the mix.
    public static func measure(
        _ source: MediaSource, transcript: Transcript, conversations: [(start: Double, end: Double)]
    ) throws(MediaError) -> [Prosody?] {
        let rep = transcript.speakers.first { $0.role == .rep }?.id
        let channel =
            transcript.diarization == Diarizer.Method.channels.rawValue
            ? transcript.words.first { $0.speaker == rep }?.channel : nil
        return try measure(source, spans: repSpans(transcript, conversations: conversations), channel: channel)
    }

    /// One `Prosody` (or nil) per conversation index up to the largest in `spans`.
    /// `channel`: the source channel the rep is on (stereo split by channel), or nil for the mix.
    public static func measure(_ source: MediaSource, spans: [Span], channel: Int?) throws(MediaError) -> [Prosody?] {
        let count = (spans.map(\.conversation).max() ?? -1) + 1
        guard count > 0 else { return [] }
        let pending = spans.filter { $0.end > $0.start }.sorted { $0.start < $1.start }
        let decoder = try AudioDecoder(
            source, options: DecodeOptions(channelMode: channel == nil ? .mixdown : .separate, chunkSeconds: 10))
        let rate = Double(decoder.options.sampleRate)
        var pitches = [[Double]](repeating: [], count: count)
        var buffer: [Float] = []
        var bufferStart: Int64 = 0
        var next = 0
        while next < pending.count, let chunk = try decoder.next() {
            let samples =
                channel.map { chunk.channels.indices.contains($0) ? chunk.channels[$0] : chunk.channels[0] }
                ?? chunk.channels[0]
            if buffer.isEmpty { bufferStart = chunk.startSample }
            buffer += samples
            let bufferEnd = bufferStart + Int64(buffer.count)
            // Every span that has fully passed is measured, then dropped.
            while next < pending.count, Int64(pending[next].end * rate) <= bufferEnd {
                let span = pending[next]
                let from = max(0, Int(Int64(span.start * rate) - bufferStart))
                let to = min(buffer.count, Int(Int64(span.end * rate) - bufferStart))
                if to > from,
                    let track = buffer[from..<to].withUnsafeBufferPointer({ VoiceAnalyzer.standard.pitchTrack(of: $0) })
                {
                    pitches[span.conversation] += track.pitches
                }
                next += 1
            }
            // Keep only what a pending span still needs.
            let keepFrom = next < pending.count ? max(bufferStart, Int64(pending[next].start * rate)) : bufferEnd
            let drop = Int(min(Int64(buffer.count), keepFrom - bufferStart))
            if drop > 0 {
                buffer.removeFirst(drop)
                bufferStart += Int64(drop)
            }
        }
        // Spans running past the last decoded sample get what there is of them.
        while next < pending.count {
            let span = pending[next]
            let from = max(0, Int(Int64(span.start * rate) - bufferStart))
            if from < buffer.count,
                let track = buffer[from...].withUnsafeBufferPointer({ VoiceAnalyzer.standard.pitchTrack(of: $0) })
            {
                pitches[span.conversation] += track.pitches
            }
            next += 1
        }
        return pitches.map(prosody)
    }

    static func prosody(_ pitches: [Double]) -> Prosody? {
        guard pitches.count >= minimumVoicedFrames else { return nil }
        let sorted = pitches.sorted()
        let median = sorted[sorted.count / 2]
        let semitones = pitches.map { 12 * log2($0 / median) }
        let mean = semitones.reduce(0, +) / Double(semitones.count)
        let spread = (semitones.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(semitones.count)).squareRoot()
        let hop = Double(VoiceAnalyzer.standard.hop) / Double(VoiceAnalyzer.standard.sampleRate)
        return Prosody(
            pitchVariationSemitones: (spread * 100).rounded() / 100, medianPitchHz: (median * 10).rounded() / 10,
            voicedSeconds: (Double(pitches.count) * hop * 100).rounded() / 100)
    }
}
