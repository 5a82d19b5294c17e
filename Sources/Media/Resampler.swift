import CFFmpeg

/// Owns a `SwrContext` converting decoded frames of one input format into planar Float32 at the
/// output rate, with the source's channel count kept, and counts the samples it has produced.
final class Resampler {
    struct Output {
        /// Index (at the output rate) of the first sample in `planes`.
        var firstSample: Int64
        var planes: [[Float]]
        var frameCount: Int { planes.first?.count ?? 0 }
    }

    private var context: OpaquePointer?
    private let inputRate: Int32
    private let inputFormat: Int32
    private var inputLayout = AVChannelLayout()
    private let outputRate: Int32
    private let outputChannels: Int
    private var buffers: [UnsafeMutablePointer<Float>] = []
    private var capacity = 0
    /// Index of the next sample this resampler will produce.
    private(set) var nextSample: Int64

    init?(
        frame: UnsafeMutablePointer<AVFrame>, outputRate: Int, outputChannels: Int, firstSample: Int64,
        tolerance: Double
    ) {
        inputRate = frame.pointee.sample_rate
        inputFormat = frame.pointee.format
        self.outputRate = Int32(outputRate)
        self.outputChannels = outputChannels
        nextSample = firstSample
        guard inputRate > 0, av_channel_layout_copy(&inputLayout, &frame.pointee.ch_layout) >= 0 else { return nil }
        if inputLayout.order == AV_CHANNEL_ORDER_UNSPEC {
            let count = inputLayout.nb_channels
            av_channel_layout_uninit(&inputLayout)
            av_channel_layout_default(&inputLayout, count)
        }
        var outputLayout = AVChannelLayout()
        av_channel_layout_default(&outputLayout, Int32(outputChannels))
        defer { av_channel_layout_uninit(&outputLayout) }
        let status = swr_alloc_set_opts2(
            &context, &outputLayout, AV_SAMPLE_FMT_FLTP, self.outputRate,
            &inputLayout, AVSampleFormat(rawValue: inputFormat), inputRate, 0, nil)
        guard status >= 0, let context else { return nil }
        // Timestamp matching (what `aresample=async` does): gaps and overlaps beyond `tolerance`
        // seconds are filled with silence or dropped.
        av_opt_set_double(UnsafeMutableRawPointer(context), "min_comp", tolerance, 0)
        av_opt_set_double(UnsafeMutableRawPointer(context), "min_hard_comp", tolerance, 0)
        guard swr_init(context) >= 0 else { return nil }
    }

    deinit {
        swr_free(&context)
        av_channel_layout_uninit(&inputLayout)
        for buffer in buffers { buffer.deallocate() }
    }

    func accepts(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        guard frame.pointee.sample_rate == inputRate, frame.pointee.format == inputFormat else { return false }
        if frame.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            return frame.pointee.ch_layout.nb_channels == inputLayout.nb_channels
        }
        return av_channel_layout_compare(&frame.pointee.ch_layout, &inputLayout) == 0
    }

    /// Converts one frame. `sourceTimestamp` (in `timeBase`, from the recording's start) lets
    /// libswresample realign the output when the source skips or repeats time.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>, sourceTimestamp: Int64?, timeBase: AVRational) -> Output {
        if let sourceTimestamp {
            let unit = AVRational(num: 1, den: inputRate * outputRate)
            swr_next_pts(context, av_rescale_q(sourceTimestamp, timeBase, unit))
        }
        let input = UnsafeMutableRawPointer(frame.pointee.extended_data)?.assumingMemoryBound(
            to: UnsafePointer<UInt8>?.self)
        return run(input: input, count: frame.pointee.nb_samples)
    }

    /// Whatever the resampler still holds, at the end of the stream.
    func drain() -> Output {
        var output = Output(firstSample: nextSample, planes: Array(repeating: [], count: outputChannels))
        while true {
            let more = run(input: nil, count: 0)
            guard more.frameCount > 0 else { return output }
            for channel in 0..<outputChannels { output.planes[channel] += more.planes[channel] }
        }
    }

    private func run(input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32) -> Output {
        let wanted = Int(swr_get_out_samples(context, count)) + 32
        reserve(wanted)
        var outputs: [UnsafeMutablePointer<UInt8>?] = buffers.map {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt8.self)
        }
        let produced = Int(
            max(
                0,
                outputs.withUnsafeMutableBufferPointer {
                    swr_convert(context, $0.baseAddress, Int32(capacity), input, count)
                }))
        let output = Output(
            firstSample: nextSample,
            planes: buffers.map { Array(UnsafeBufferPointer(start: $0, count: produced)) })
        nextSample += Int64(produced)
        return output
    }

    private func reserve(_ frames: Int) {
        guard frames > capacity else { return }
        for buffer in buffers { buffer.deallocate() }
        capacity = max(frames, capacity * 2)
        buffers = (0..<outputChannels).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: capacity) }
    }
}
