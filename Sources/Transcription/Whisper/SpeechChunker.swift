import Media

/// A piece of a recording sent to the speech engine in one go.
struct SpeechChunk {
    static let frameSamples = 160  // 10 ms at 16 kHz

    let index: Int
    let startSample: Int64
    /// 16 kHz mono (the average of the channels).
    let samples: [Float]
    /// Per source channel, the RMS of each 10 ms frame: enough to tell which side spoke a word,
    /// at 1/160 of the audio's memory. Empty for mono sources.
    let channelEnvelopes: [[Float]]

    var startSeconds: Double { Double(startSample) / 16_000 }
    var durationSeconds: Double { Double(samples.count) / 16_000 }
}

/// Cuts a recording into chunks of at most `maxChunkSeconds`, each ending at the quietest 200 ms of
/// its last minute (a pause between words), so memory stays at one chunk whatever
/// the recording's length and every chunk can be checkpointed on its own.
final class SpeechChunker {
    private let decoder: AudioDecoder
    private let maxSamples: Int
    private var mono: [Float] = []
    private var envelopes: [[Float]]
    private var bufferStart: Int64?
    private var nextIndex: Int
    private var exhausted = false

    init(_ source: MediaSource, startSeconds: Double, firstIndex: Int, maxChunkSeconds: Double, network: NetworkPolicy)
        throws(MediaError)
    {
        decoder = try AudioDecoder(
            // A resumed local file is decoded from its start so that the chunks after the seam are
            // exactly those an uninterrupted run makes; a URL seeks (re-downloading hours costs more).
            source,
            options: DecodeOptions(
                channelMode: .separate, chunkSeconds: 30, startSeconds: startSeconds, exactStart: !source.isRemote,
                network: network))
        maxSamples = max(Int(maxChunkSeconds * 16_000) / SpeechChunk.frameSamples, 100) * SpeechChunk.frameSamples
        envelopes = decoder.sourceChannels > 1 ? Array(repeating: [], count: decoder.sourceChannels) : []
        nextIndex = firstIndex
    }

    var sourceChannels: Int { decoder.sourceChannels }
    var warnings: [String] { decoder.warnings }

    func next() throws(MediaError) -> SpeechChunk? {
        while !exhausted, mono.count <= maxSamples {
            guard let pcm = try decoder.next() else {
                exhausted = true
                break
            }
            if bufferStart == nil { bufferStart = pcm.startSample }
            mono.append(contentsOf: pcm.mixdown())
            for channel in envelopes.indices {
                envelopes[channel].append(contentsOf: Self.envelope(pcm.channels[channel]))
            }
        }
        guard !mono.isEmpty, let start = bufferStart else { return nil }
        let cut = mono.count <= maxSamples ? mono.count : quietestCut()
        let frames = (cut + SpeechChunk.frameSamples - 1) / SpeechChunk.frameSamples
        let chunk = SpeechChunk(
            index: nextIndex, startSample: start, samples: Array(mono[..<cut]),
            channelEnvelopes: envelopes.map { Array($0.prefix(frames)) })
        mono.removeFirst(cut)
        for channel in envelopes.indices { envelopes[channel].removeFirst(min(frames, envelopes[channel].count)) }
        bufferStart = start + Int64(cut)
        nextIndex += 1
        return chunk
    }

    /// The sample to cut at: the middle of the quietest 200 ms in the last minute (or last quarter,
    /// for short chunks) before `maxSamples`.
    private func quietestCut() -> Int {
        let frame = SpeechChunk.frameSamples
        let searchFrames = min(60 * 100, maxSamples / frame / 4)
        let lastFrame = maxSamples / frame
        let energies = ((lastFrame - searchFrames)..<lastFrame).map { index -> Float in
            var sum: Float = 0
            for sample in mono[(index * frame)..<((index + 1) * frame)] { sum += sample * sample }
            return sum
        }
        let window = min(20, energies.count)
        var running = energies.prefix(window).reduce(0, +)
        var best = (energy: running, start: 0)
        for start in stride(from: 1, through: energies.count - window, by: 1) {
            running += energies[start + window - 1] - energies[start - 1]
            if running < best.energy { best = (running, start) }
        }
        return (lastFrame - searchFrames + best.start + window / 2) * frame
    }

    static func envelope(_ samples: [Float]) -> [Float] {
        stride(from: 0, to: samples.count, by: SpeechChunk.frameSamples).map { start in
            let frame = samples[start..<min(start + SpeechChunk.frameSamples, samples.count)]
            return (frame.reduce(0) { $0 + $1 * $1 } / Float(frame.count)).squareRoot()
        }
    }
}
