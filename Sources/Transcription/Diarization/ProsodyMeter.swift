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
        var pitches = [[Double]](repeating: [], count: count)
        try stream(source, spans: spans.map { ($0.start, $0.end, channel) }, separate: channel != nil) {
            index, samples in
            if let track = VoiceAnalyzer.standard.pitchTrack(of: samples) {
                pitches[spans[index].conversation] += track.pitches
            }
        }
        return pitches.map(prosody)
    }

    /// How each utterance of `transcript` was said (`UtteranceProsody`), by utterance index, in one
    /// pass over the recording: each utterance on its own channel when the transcript was split by
    /// channel, else the mix. Nil for an utterance too short or quiet to measure.
    public static func utterances(_ source: MediaSource, transcript: Transcript) throws(MediaError)
        -> [UtteranceProsody?]
    {
        let byChannel = transcript.diarization == Diarizer.Method.channels.rawValue
        var measured = [UtteranceProsody?](repeating: nil, count: transcript.utterances.count)
        let spans = transcript.utterances.map { ($0.start, $0.end, byChannel ? $0.channel : nil) }
        try stream(source, spans: spans, separate: byChannel) { index, samples in
            guard let track = VoiceAnalyzer.standard.pitchTrack(of: samples) else { return }
            let hop = Double(VoiceAnalyzer.standard.hop) / Double(VoiceAnalyzer.standard.sampleRate)
            let pitched = track.pitches.count >= minimumUtteranceVoicedFrames
            let sorted = track.pitches.sorted()
            let percentile = { (share: Double) in sorted[Int(Double(sorted.count - 1) * share)] }
            measured[index] = UtteranceProsody(
                medianPitchHz: pitched ? (percentile(0.5) * 10).rounded() / 10 : nil,
                pitchRangeSemitones: pitched
                    ? (12 * log2(percentile(0.9) / percentile(0.1)) * 100).rounded() / 100 : nil,
                energyDB: (track.energyDB * 10).rounded() / 10,
                voicedSeconds: (Double(track.pitches.count) * hop * 100).rounded() / 100)
        }
        return measured
    }

    /// 0.3 s of voiced frames: less gives no pitch for an utterance.
    static let minimumUtteranceVoicedFrames = 30

    /// Decodes `source` once (16 kHz, in chunks) and hands `body` the samples of each span, by its
    /// index in `spans`, as the stream passes its end: the span's channel when given (channels
    /// decoded apart when `separate`), else the first (the mix). Memory holds one decoder chunk
    /// plus the longest span, whatever the recording's length; spans may overlap.
    static func stream(
        _ source: MediaSource, spans: [(start: Double, end: Double, channel: Int?)], separate: Bool,
        body: (Int, UnsafeBufferPointer<Float>) -> Void
    ) throws(MediaError) {
        let pending = spans.indices.filter { spans[$0].end > spans[$0].start }.sorted {
            (spans[$0].end, $0) < (spans[$1].end, $1)
        }
        guard !pending.isEmpty else { return }
        // The earliest start among pending[k...], for each k: what the buffer must still hold.
        var earliestStart = [Double](repeating: .infinity, count: pending.count + 1)
        for k in pending.indices.reversed() { earliestStart[k] = min(earliestStart[k + 1], spans[pending[k]].start) }
        let decoder = try AudioDecoder(
            source, options: DecodeOptions(channelMode: separate ? .separate : .mixdown, chunkSeconds: 10))
        let rate = Double(decoder.options.sampleRate)
        var buffers: [[Float]] = []
        var bufferStart: Int64 = 0
        var next = 0
        func hand(_ index: Int) {
            let span = spans[index]
            let channel = span.channel.map { buffers.indices.contains($0) ? $0 : 0 } ?? 0
            guard buffers.indices.contains(channel) else { return }
            let from = max(0, Int(Int64(span.start * rate) - bufferStart))
            let to = min(buffers[channel].count, Int(Int64(span.end * rate) - bufferStart))
            if to > from { buffers[channel][from..<to].withUnsafeBufferPointer { body(index, $0) } }
        }
        while next < pending.count, let chunk = try decoder.next() {
            if buffers.isEmpty || buffers[0].isEmpty { bufferStart = chunk.startSample }
            if buffers.count < chunk.channels.count {
                buffers += Array(repeating: [], count: chunk.channels.count - buffers.count)
            }
            for (channel, samples) in chunk.channels.enumerated() { buffers[channel] += samples }
            let bufferEnd = bufferStart + Int64(buffers[0].count)
            // Every span that has fully passed is handed over.
            while next < pending.count, Int64(spans[pending[next]].end * rate) <= bufferEnd {
                hand(pending[next])
                next += 1
            }
            // Keep only what a pending span still needs: from the earliest start among them.
            let keepFrom =
                next < pending.count ? max(bufferStart, Int64(earliestStart[next] * rate)) : bufferEnd
            let drop = Int(min(Int64(buffers[0].count), keepFrom - bufferStart))
            if drop > 0 {
                for channel in buffers.indices { buffers[channel].removeFirst(min(drop, buffers[channel].count)) }
                bufferStart += Int64(drop)
            }
        }
        // Spans running past the last decoded sample get what there is of them.
        while next < pending.count {
            hand(pending[next])
            next += 1
        }
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
