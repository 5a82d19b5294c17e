import Scoring
import Sessions

/// A moment of the recording as a link that plays it: the conversation's own audio file from
/// that moment (`segments/segment-N.ext#t=12.3`, a media fragment on the segment's clock, which
/// needs no script), or the original recording at its own time when only a URL plays it.
///
/// The segment file starts at the conversation's start (the stream-copy cut begins on the packet
/// playing then, a few hundredths of a second earlier at most), so segment time is recording time
/// minus the conversation's start. Both clocks are shown: the segment's is where the player is,
/// the recording's is where the moment lies in the day.
struct MomentLink: Sendable {
    /// Nil when nothing can play it (no cut and no URL).
    var href: String?
    /// Seconds on the clock the link plays from, for the page's click-to-play script.
    var seconds: String
    /// m:ss on the player's clock.
    var at: String
    /// m:ss on the recording's clock.
    var recording: String

    /// Where one conversation's moments play.
    struct Player: Sendable {
        /// The segment file, relative to the page (`segments/segment-0.wav`, or `../…` from a rollup).
        var segmentFile: String?
        /// The original recording when it is an http(s) URL.
        var originalURL: String?
        var startSeconds: Double
        var endSeconds: Double

        init(segmentFile: String?, recordingURL: String?, startSeconds: Double, endSeconds: Double) {
            self.segmentFile = segmentFile
            let lower = recordingURL?.lowercased() ?? ""
            originalURL =
                lower.hasPrefix("http://") || lower.hasPrefix("https://")
                ? recordingURL?.split(separator: "#", maxSplits: 1).first.map(String.init) : nil
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
        }

        /// The link to `recordingSeconds` (clamped into the conversation).
        func link(at recordingSeconds: Double) -> MomentLink {
            let inside = min(max(recordingSeconds, startSeconds), endSeconds)
            let recording = Quote.clock(inside)
            if let segmentFile {
                // Tenths, rounded down: never past the file's end.
                let offset = (max(0, inside - startSeconds) * 10).rounded(.down) / 10
                return MomentLink(
                    href: "\(segmentFile)#t=\(Playback.number(offset))", seconds: Playback.number(offset),
                    at: Quote.clock(offset), recording: recording)
            }
            if let originalURL {
                let at = (inside * 10).rounded(.down) / 10
                return MomentLink(
                    href: "\(originalURL)#t=\(Playback.number(at))", seconds: Playback.number(at), at: recording,
                    recording: recording)
            }
            return MomentLink(href: nil, seconds: Playback.number(inside), at: recording, recording: recording)
        }
    }
}
