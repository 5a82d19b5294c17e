import CFFmpeg

/// Reads a recording's container and audio-stream facts in process, with libavformat.
public enum Probe {
    /// Probes a local file or an http(s) URL.
    ///
    /// The duration comes from the container header when the last packets confirm it; otherwise
    /// (no header, a bit-rate estimate, or a header promising more than the file holds) from the
    /// timestamps of the last packets. A file that holds less than its header promises is reported
    /// `truncated` rather than failed: what is there still decodes.
    public static func probe(_ source: MediaSource, network: NetworkPolicy = .default) throws(MediaError) -> ProbeResult
    {
        let demuxer = try Demuxer(source: source, network: network)
        return try demuxer.withLog { () throws(MediaError) in try demuxer.describe() }
    }
}

extension Demuxer {
    fileprivate func describe() throws(MediaError) -> ProbeResult {
        let context = formatContext.pointee
        let parameters = codecParameters.pointee
        let formatName = String(cString: context.iformat.pointee.name)
        let start = startSeconds
        var warnings: [String] = []
        var truncated = false

        // The audio stream's own length when it has one: a video track may run longer than the audio.
        let streamDuration = audioStream.pointee.duration
        let declared: Double? =
            if streamDuration != CS_AV_NOPTS_VALUE, streamDuration > 0 {
                seconds(streamDuration)
            } else if context.duration != CS_AV_NOPTS_VALUE, context.duration > 0 {
                Double(context.duration) / Double(CS_AV_TIME_BASE)
            } else { nil }
        let estimated = context.duration_estimation_method == AVFMT_DURATION_FROM_BITRATE
        var duration = declared ?? 0
        var method: ProbeResult.DurationMethod = estimated ? .bitrate : .container

        // Read once, before the tail scan adds its own lines: what FFmpeg said while opening.
        let openLines = log.lines
        if openLines.contains(where: { $0.contains("filesize and duration do not match") }) {
            truncated = true
        }
        if formatName == "wav", estimated {
            // The WAV demuxer falls back to a bit-rate estimate exactly when the data chunk's declared
            // size runs past the end of the file.
            truncated = true
        }

        if isSeekable, let tail = try scanTail(declaredEnd: declared.map { start + $0 }) {
            let measured = max(0, tail.endSeconds - start)
            let tolerance = max(0.5, (declared ?? 0) * 0.005)
            if let declared, !estimated, measured < declared - tolerance {
                truncated = true
            }
            if let declared, !estimated, measured > declared + tolerance {
                warnings.append(
                    "the header says \(formatSeconds(declared)) but the audio runs to \(formatSeconds(measured))")
            }
            if declared == nil || estimated || abs(measured - (declared ?? 0)) > tolerance {
                duration = measured
                method = .streams
            }
            if tail.lastFrameIncomplete { truncated = true }
        }
        if truncated {
            warnings.insert(
                "truncated: the file ends before its last frame or before what its header promises; "
                    + "\(formatSeconds(duration)) of audio is there", at: 0)
        }
        warnings += openLines.filter { !$0.contains("Estimating duration from bitrate") }

        var tags: [String: String] = [:]
        collectTags(audioStream.pointee.metadata, into: &tags)
        collectTags(context.metadata, into: &tags)

        let bitRate =
            parameters.bit_rate > 0 ? Int(parameters.bit_rate) : (context.bit_rate > 0 ? Int(context.bit_rate) : nil)
        let hasVideo = (0..<Int(context.nb_streams)).contains { index in
            guard let stream = context.streams[index] else { return false }
            return stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
                && stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0
        }
        return ProbeResult(
            source: source.description,
            container: Self.shortContainerName(
                formatName: formatName, extension: source.pathExtension, hasVideo: hasVideo),
            containerLongName: context.iformat.pointee.long_name.map { String(cString: $0) } ?? formatName,
            formatName: formatName,
            durationSeconds: duration,
            durationMethod: method,
            startSeconds: start,
            audioStreamIndex: Int(audioStreamIndex),
            audioCodec: String(cString: avcodec_get_name(parameters.codec_id)),
            audioCodecLongName: avcodec_descriptor_get(parameters.codec_id).map {
                String(cString: $0.pointee.long_name)
            } ?? "",
            sampleRate: Int(parameters.sample_rate),
            channels: Int(parameters.ch_layout.nb_channels),
            channelLayout: Self.describeLayout(parameters.ch_layout),
            bitRate: bitRate,
            sizeBytes: sizeBytes,
            tags: tags,
            seekable: isSeekable,
            truncated: truncated,
            hasVideo: hasVideo,
            warnings: warnings)
    }

    /// libavformat names families ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"); the file's extension,
    /// when it is one of the family, says which member this is.
    static func shortContainerName(formatName: String, extension ext: String, hasVideo: Bool) -> String {
        let family = formatName.split(separator: ",").map(String.init)
        if family.contains(ext) { return ext }
        if ext == "opus", formatName == "ogg" { return "ogg" }
        if family.contains("mp4") { return hasVideo ? "mp4" : "m4a" }
        return family.first ?? formatName
    }

    /// A file that does not name its layout (a plain WAV) is described by the default for its
    /// channel count: "mono", "stereo".
    static func describeLayout(_ layout: AVChannelLayout) -> String {
        var copy = AVChannelLayout()
        if layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&copy, layout.nb_channels)
        } else {
            var source = layout
            av_channel_layout_copy(&copy, &source)
        }
        defer { av_channel_layout_uninit(&copy) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard av_channel_layout_describe(&copy, &buffer, buffer.count) > 0 else {
            return "\(layout.nb_channels) channels"
        }
        return string(fromCBuffer: buffer)
    }

    private func collectTags(_ dictionary: OpaquePointer?, into tags: inout [String: String]) {
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            tags[String(cString: next.pointee.key)] = String(cString: next.pointee.value)
            entry = next
        }
    }
}

func formatSeconds(_ seconds: Double) -> String {
    String(format: "%.3f s", seconds)
}
