import CFFmpeg

/// The FFmpeg libraries this process runs with, as loaded (not as compiled against): what
/// `--version` and `doctor` report, since Debian upgrades them under an installed binary.
public enum MediaLibraries {
    /// FFmpeg's release ("7.1.2-0+deb13u1") and each library's version ("libavformat 61.7.100").
    public static var versions: [(name: String, version: String)] {
        func dotted(_ packed: UInt32) -> String { "\(packed >> 16).\((packed >> 8) & 0xFF).\(packed & 0xFF)" }
        return [
            ("FFmpeg", String(cString: av_version_info())),
            ("libavformat", dotted(avformat_version())),
            ("libavcodec", dotted(avcodec_version())),
            ("libswresample", dotted(swresample_version())),
            ("libavutil", dotted(avutil_version())),
        ]
    }

    /// "FFmpeg 7.1.2-0+deb13u1".
    public static var release: String { "FFmpeg " + String(cString: av_version_info()) }
}
