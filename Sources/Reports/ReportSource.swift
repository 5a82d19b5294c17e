import Foundation
import Scoring
import Sessions
import Store
import Transcripts

/// Reads what the reports show from the database (and, for links and players, the bundles'
/// folder), so any report can be rebuilt at any time without running anything again.
public struct ReportSource: Sendable {
    public let store: Store
    /// The manifest's `output`: where bundles lie (`<output>/<org>/<rep>/<session>/`); nil when
    /// only the database is known, and then the pages carry no links to the bundles.
    public let output: String?

    public init(store: Store, output: String?) {
        self.store = store
        self.output = output
    }

    /// The sessions in `scope` with their analyses. With `pageDirectory`, the folder the rollup
    /// page is written to, each entry also links its bundle's `report.html` and segment files
    /// (relative to it) and carries the interaction figures measured from the bundle's transcript.
    public func entries(scope: RollupScope, pageDirectory: String? = nil) async throws -> [ReportEntry] {
        var entries: [ReportEntry] = []
        for stored in try await store.sessions(org: scope.org, rep: scope.rep) {
            guard var entry = try await entry(stored), scope.contains(entry) else { continue }
            if let pageDirectory, let folder = folder(of: entry.session, org: stored.orgID, rep: stored.repID) {
                let page = (folder as NSString).appendingPathComponent("report.html")
                if FileManager.default.fileExists(atPath: page) {
                    entry.bundleReport = Self.relativePath(from: pageDirectory, to: page)
                }
                entry.segmentLinks = Self.segmentFiles(in: folder).mapValues {
                    Self.relativePath(from: pageDirectory, to: $0)
                }
                if let transcript = Self.transcript(in: folder) {
                    for index in entry.analysisBySegment.keys {
                        let segment = entry.session.segments[index]
                        entry.interaction[index] = InteractionFigures(
                            CallSlice.cut(transcript, from: segment.startSeconds, to: segment.endSeconds))
                    }
                }
            }
            entries.append(entry)
        }
        return entries
    }

    /// Writes every bundle's `report.html` again from the database (after an upgrade of callsift,
    /// or a hand-edited analysis); returns the pages written. Bundles whose folder is gone are skipped.
    public func rebuildBundleReports(scope: RollupScope) async throws -> [String] {
        var written: [String] = []
        for stored in try await store.sessions(org: scope.org, rep: scope.rep) {
            guard let entry = try await entry(stored), scope.contains(entry),
                let folder = folder(of: entry.session, org: stored.orgID, rep: stored.repID),
                FileManager.default.fileExists(atPath: folder)
            else { continue }
            try SessionReport.write(
                entry.session, analyses: entry.analyses, segmentFiles: Self.segmentFiles(in: folder),
                transcript: Self.transcript(in: folder), to: folder)
            written.append((folder as NSString).appendingPathComponent("report.html"))
        }
        return written
    }

    /// A stored session with its analyses; nil when its JSON no longer decodes.
    private func entry(_ stored: StoredSession) async throws -> ReportEntry? {
        guard let session = try? JSONDecoder().decode(SessionRecord.self, from: stored.json) else { return nil }
        let analyses = try await store.analyses(sessionID: stored.id).compactMap {
            try? JSONDecoder().decode(AnalysisRecord.self, from: $0.json)
        }
        return ReportEntry(session: session, analyses: analyses)
    }

    private func folder(of session: SessionRecord, org: String, rep: String) -> String? {
        output.flatMap { BundleWriter.folder(output: $0, orgID: org, repID: rep, sessionID: session.id) }
    }

    /// The bundle's `transcript.json`, nil when it is gone or does not decode.
    static func transcript(in folder: String) -> Transcript? {
        FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("transcript.json")).flatMap {
            try? JSONDecoder().decode(Transcript.self, from: $0)
        }
    }

    /// The stream-copied cuts already in a bundle, by segment index (`segments/segment-<n>.<ext>`).
    static func segmentFiles(in folder: String) -> [Int: String] {
        let segments = (folder as NSString).appendingPathComponent("segments")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: segments)) ?? []
        var files: [Int: String] = [:]
        for name in names where name.hasPrefix("segment-") && !name.hasPrefix(".") {
            let stem = (name as NSString).deletingPathExtension
            if let index = Int(stem.dropFirst("segment-".count)) {
                files[index] = (segments as NSString).appendingPathComponent(name)
            }
        }
        return files
    }

    private static let pathPart = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#%;"))

    /// `target` as seen from `directory`, with `..` where needed: links that survive moving the
    /// whole output folder.
    static func relativePath(from directory: String, to target: String) -> String {
        let from = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        let to = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        // Each part percent-encoded: a `#`, `?` or `%` in an org, rep or folder name stays a path.
        let parts = to[common...].map { $0.addingPercentEncoding(withAllowedCharacters: pathPart) ?? $0 }
        return (ups + parts).joined(separator: "/")
    }
}
