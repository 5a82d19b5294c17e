import CFFmpeg

/// The container a stream-copied cut is written in.
///
/// The source's own container when its muxer takes the codec as is; otherwise a documented fallback:
///
/// | source                      | cut written as | why                                                         |
/// |-----------------------------|----------------|-------------------------------------------------------------|
/// | MP3, WAV, FLAC, OGG, WEBM   | the same       |                                                             |
/// | OPUS (Ogg)                  | `.opus`        | the same Ogg container, under the name players expect       |
/// | M4A, MP4, MOV (audio only)  | `.m4a`         | the video track is not copied                               |
/// | AAC (ADTS)                  | `.m4a`         | ADTS has no index or duration: players cannot seek it       |
/// | anything else               | `.m4a`, then `.mka` | the first whose muxer accepts the codec without re-encoding |
public struct OutputContainer: Sendable, Equatable {
    /// libavformat's muxer name.
    public let muxer: String
    /// File extension, without the dot.
    public let fileExtension: String

    public init(muxer: String, fileExtension: String) {
        self.muxer = muxer
        self.fileExtension = fileExtension
    }

    static let m4a = OutputContainer(muxer: "ipod", fileExtension: "m4a")
    static let matroskaAudio = OutputContainer(muxer: "matroska", fileExtension: "mka")

    /// The natural container for a cut of a source in `container` (a `ProbeResult.container` name).
    static func natural(forSourceContainer container: String, sourceExtension: String) -> OutputContainer? {
        switch container {
        case "mp3": OutputContainer(muxer: "mp3", fileExtension: "mp3")
        case "wav": OutputContainer(muxer: "wav", fileExtension: "wav")
        case "flac": OutputContainer(muxer: "flac", fileExtension: "flac")
        case "ogg": OutputContainer(muxer: "ogg", fileExtension: sourceExtension == "opus" ? "opus" : "ogg")
        case "webm": OutputContainer(muxer: "webm", fileExtension: "webm")
        case "matroska", "mka": .matroskaAudio
        case "m4a": .m4a
        default: nil
        }
    }

    /// The container named by an output path's extension, if libavformat has a muxer for it.
    static func forExtension(_ ext: String) -> OutputContainer? {
        guard !ext.isEmpty, let format = av_guess_format(nil, "cut.\(ext)", nil) else { return nil }
        return OutputContainer(muxer: String(cString: format.pointee.name), fileExtension: ext)
    }

    /// Whether this container takes `codec` by stream copy. Some muxers (mp3, ogg, flac) cannot be
    /// asked; they are trusted with the codec they are named for, and with whatever `sourceCodecs`
    /// says their own kind of file held (an Ogg source proves Ogg holds its Opus).
    func accepts(_ codec: AVCodecID, provenBySource: Bool = false) -> Bool {
        guard let format = av_guess_format(muxer, nil, nil) else { return false }
        let answer = avformat_query_codec(format, codec, FF_COMPLIANCE_NORMAL)
        if answer >= 0 { return answer == 1 }
        return provenBySource || format.pointee.audio_codec == codec
    }

    /// Candidates in order of preference for a source: its own container first, then the fallbacks.
    static func candidates(forSourceContainer container: String, sourceExtension: String) -> [OutputContainer] {
        [natural(forSourceContainer: container, sourceExtension: sourceExtension), .m4a, .matroskaAudio].compactMap {
            $0
        }
    }
}
