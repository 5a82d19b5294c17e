import Foundation
import Mustache
import Sessions

/// `report.html`: one recording's session as a single self-contained page (inline CSS and SVG, no
/// scripts, no network), for a manager who opens the bundle in a browser rather than reading JSON.
public enum SessionReport {
    /// The page for `session`; `analyses` are its analysis records, `segmentFiles` the
    /// stream-copied audio by segment index (linked relatively: `segments/<name>`).
    public static func render(session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String]) throws
        -> String
    {
        let view = SessionReportView(session: session, analyses: analyses, segmentFiles: segmentFiles)
        return try MustacheTemplate(string: template).render(view)
    }

    /// `DIR/report.html`, written atomically like every file of the bundle.
    public static func write(
        _ session: SessionRecord, analyses: [AnalysisRecord], segmentFiles: [Int: String] = [:], to directory: String
    ) throws {
        let html = try render(session: session, analyses: analyses, segmentFiles: segmentFiles)
        try BundleWriter.atomically(Data(html.utf8), to: (directory as NSString).appendingPathComponent("report.html"))
    }
}
