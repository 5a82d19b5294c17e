import Foundation
import Mustache
import Sessions
import Transcripts

/// `report.html`: one recording's session as a single self-contained page (inline CSS, SVG and a
/// few lines of script, no network), for a manager who opens the bundle in a browser rather than
/// reading JSON. Every link and player works with scripts off; the script only makes a click on
/// a time play the call in place.
public enum SessionReport {
    /// The page for `session`; `analyses` are its analysis records, `segmentFiles` the
    /// stream-copied audio by segment index (linked relatively: `segments/<name>`), `transcript`
    /// the recording's words (the transcript and interaction figures of each call; nil leaves them out).
    public static func render(
        session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String], transcript: Transcript?
    ) throws -> String {
        let view = SessionReportView(
            session: session, analyses: analyses, segmentFiles: segmentFiles, transcript: transcript)
        return try MustacheTemplate(string: template).render(view)
    }

    /// `DIR/report.html`, written atomically like every file of the bundle.
    public static func write(
        _ session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String] = [:],
        transcript: Transcript? = nil, to directory: String
    ) throws {
        let html = try render(session: session, analyses: analyses, segmentFiles: segmentFiles, transcript: transcript)
        try BundleWriter.atomically(Data(html.utf8), to: (directory as NSString).appendingPathComponent("report.html"))
    }
}
