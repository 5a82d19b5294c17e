import CFFmpeg

/// Decodes a recording as a stream of fixed-length PCM chunks, holding one chunk in memory at a time.
///
/// libswresample converts to the target rate and Float32, and also keeps the sample clock locked to
/// the source's timestamps: before each frame, `swr_next_pts` compares where the frame should start
/// with how many samples have come out, and inserts silence or drops samples when they differ by more
/// than 20 ms (a gap or an overlap in the source). Sample counts therefore never drift from the
/// source's time, however many hours in.
///
/// Not `Sendable`: use one decoder per recording, from one task at a time. Calls block on I/O and
/// decoding; run them off the cooperative thread pool.
public final class AudioDecoder {
    public let options: DecodeOptions
    /// Channels in the source's audio stream.
    public let sourceChannels: Int
    public let sourceSampleRate: Int
    /// Problems met while decoding that did not stop it (skipped corrupt packets, a cut-off ending).
    public private(set) var warnings: [String] = []

    private let demuxer: Demuxer
    private let decoder: CodecDecoder
    private let packet = Packet()
    private var resampler: Resampler?
    private let chunkFrames: Int
    private let startTimestamp: Int64
    /// Output samples before this index are decoded but not delivered (the part before `startSeconds`).
    private let firstDeliveredSample: Int64
    private var pending: [[Float]]
    private var pendingStart: Int64?
    private var finished = false
    private var skippedPackets = 0

    /// Gaps or overlaps in source timestamps smaller than this are left alone; larger ones are fixed.
    private static let timestampTolerance = 0.02

    public init(_ source: MediaSource, options: DecodeOptions = DecodeOptions()) throws(MediaError) {
        guard options.sampleRate >= 8000, options.sampleRate <= 192_000 else {
            throw .invalidRange(
                source: source.description, reason: "sample rate \(options.sampleRate) Hz is outside 8000–192000")
        }
        guard options.chunkSeconds > 0, options.startSeconds >= 0 else {
            throw .invalidRange(
                source: source.description, reason: "chunk length must be positive and the start not negative")
        }
        self.options = options
        let demuxer = try Demuxer(source: source, network: options.network)
        self.demuxer = demuxer
        decoder = try demuxer.withLog { () throws(MediaError) in try CodecDecoder(for: demuxer) }
        let parameters = demuxer.codecParameters.pointee
        sourceChannels = Int(max(1, parameters.ch_layout.nb_channels))
        sourceSampleRate = Int(parameters.sample_rate)
        chunkFrames = max(1, Int(options.chunkSeconds * Double(options.sampleRate)))
        startTimestamp = demuxer.originTimestamp
        firstDeliveredSample = Int64((options.startSeconds * Double(options.sampleRate)).rounded())
        pending = Array(repeating: [], count: options.channelMode == .mixdown ? 1 : sourceChannels)
        if options.startSeconds > 0, !options.exactStart {
            let target =
                startTimestamp
                + av_rescale_q(
                    Int64(options.startSeconds * 1_000_000), AVRational(num: 1, den: 1_000_000), demuxer.timeBase)
            let status = demuxer.withLog {
                av_seek_frame(demuxer.formatContext, demuxer.audioStreamIndex, target, AVSEEK_FLAG_BACKWARD)
            }
            // A source that cannot seek is read from the start; the samples before the target are dropped.
            if status >= 0 { decoder.flush() }
        }
    }

    /// The next chunk, or `nil` once the whole recording has been delivered.
    public func next() throws(MediaError) -> PCMChunk? {
        try demuxer.withLog { () throws(MediaError) in
            while !finished, pending[0].count < chunkFrames {
                try step()
            }
            return takeChunk()
        }
    }

    private func takeChunk() -> PCMChunk? {
        let available = pending[0].count
        guard available > 0, let start = pendingStart else { return nil }
        let count = min(available, chunkFrames)
        let channels = pending.map { Array($0[0..<count]) }
        for index in pending.indices { pending[index].removeFirst(count) }
        pendingStart = start + Int64(count)
        return PCMChunk(startSample: start, sampleRate: options.sampleRate, channels: channels)
    }

    /// Reads one packet and decodes it, or drains everything at the end.
    private func step() throws(MediaError) {
        switch demuxer.readAudioPacket(into: packet) {
        case .packet:
            let status = decoder.decode(packet) { frame in consume(frame) }
            if status < 0 {
                skippedPackets += 1
                if skippedPackets == 1 || skippedPackets % 100 == 0 {
                    note("skipped \(skippedPackets) undecodable packet(s): \(ffmpegErrorString(status))")
                }
            }
        case .end:
            try finish()
        case .stalled:
            throw .readStalled(
                source: demuxer.source.description, afterSeconds: deliveredSeconds,
                limitSeconds: demuxer.readLimitSeconds)
        case .failed(let status):
            if demuxer.source.isRemote {
                // Closed early, not stalled: a read that timed out is the network's, said below.
                if status != -ETIMEDOUT, status != CS_AVERROR_EXIT, let (received, expected) = demuxer.bodyShortfall {
                    throw .sourceCut(url: demuxer.source.description, receivedBytes: received, expectedBytes: expected)
                }
                throw .sourceUnreachable(
                    url: demuxer.source.description, httpStatus: nil,
                    reason: "reading stopped after \(formatSeconds(deliveredSeconds)): \(ffmpegErrorString(status))")
            }
            note(
                "reading stopped after \(formatSeconds(deliveredSeconds)): \(ffmpegErrorString(status)); decoded what was there"
            )
            try finish()
        }
    }

    private func finish() throws(MediaError) {
        decoder.decode(nil) { frame in consume(frame) }
        if let resampler { append(resampler.drain()) }
        finished = true
        // Nothing decoded from the very start means nothing decodable; from an offset, it may just be past the end.
        if resampler == nil, options.startSeconds == 0 {
            throw .corruptMedia(source: demuxer.source.description, reason: "no audio frame could be decoded")
        }
    }

    private var deliveredSeconds: Double {
        Double((pendingStart ?? 0) + Int64(pending[0].count)) / Double(options.sampleRate)
    }

    private func consume(_ frame: UnsafeMutablePointer<AVFrame>) {
        if resampler == nil || !resampler!.accepts(frame) {
            if let old = resampler { append(old.drain()) }
            let timestamp = frame.pointee.best_effort_timestamp
            let firstSample =
                timestamp == CS_AV_NOPTS_VALUE
                ? (resampler?.nextSample ?? 0)
                : av_rescale_q(
                    timestamp - startTimestamp, demuxer.timeBase, AVRational(num: 1, den: Int32(options.sampleRate)))
            guard
                let created = Resampler(
                    frame: frame, outputRate: options.sampleRate, outputChannels: sourceChannels,
                    firstSample: firstSample,
                    tolerance: Self.timestampTolerance)
            else {
                note("a frame with an unusable sample format was skipped")
                return
            }
            resampler = created
        }
        let timestamp = frame.pointee.best_effort_timestamp
        let sourceTime = timestamp == CS_AV_NOPTS_VALUE ? nil : timestamp - startTimestamp
        append(resampler!.convert(frame, sourceTimestamp: sourceTime, timeBase: demuxer.timeBase))
    }

    /// Adds resampled planes to the pending chunk, dropping what lies before `startSeconds`.
    private func append(_ output: Resampler.Output) {
        guard output.frameCount > 0 else { return }
        var skip = 0
        if output.firstSample < firstDeliveredSample {
            skip = Int(min(Int64(output.frameCount), firstDeliveredSample - output.firstSample))
        }
        guard skip < output.frameCount else { return }
        if pendingStart == nil { pendingStart = output.firstSample + Int64(skip) }
        switch options.channelMode {
        case .separate:
            for channel in 0..<pending.count {
                pending[channel].append(contentsOf: output.planes[channel][skip...])
            }
        case .mixdown where output.planes.count == 1:
            pending[0].append(contentsOf: output.planes[0][skip...])
        case .mixdown:
            let planes = output.planes
            let scale = 1 / Float(planes.count)
            pending[0].reserveCapacity(pending[0].count + output.frameCount - skip)
            for i in skip..<output.frameCount {
                var sum: Float = 0
                for plane in planes { sum += plane[i] }
                pending[0].append(sum * scale)
            }
        }
    }

    private func note(_ warning: String) {
        if warnings.count < 50 { warnings.append(warning) }
    }
}
