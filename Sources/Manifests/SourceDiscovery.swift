import Foundation
import Media
import Sessions

/// Turns a manifest's sources into work items: walks folders, reads URL lists, makes sure every
/// recording has a valid org and rep (the session request API requires both), and keeps only the first listing of
/// a recording listed twice, so it is never processed twice in one run.
public enum SourceDiscovery {
    /// The items in manifest order (a folder's files sorted by path, a list's in its order), and
    /// every problem: the manifest's own first, then discovery's. A problem skips only what it is about.
    public static func discover(_ manifest: Manifest) -> (items: [WorkItem], problems: [ManifestProblem]) {
        var discovery = Discovery(manifest: manifest)
        for source in manifest.sources { discovery.add(source) }
        return (discovery.items, discovery.problems)
    }
}

/// One discovery's state: what was found so far, and where each recording was first listed.
private struct Discovery {
    let manifest: Manifest
    let manifestName: String
    var items: [WorkItem] = []
    var problems: [ManifestProblem]
    var firstListings: [String: (source: String, origin: String)] = [:]

    init(manifest: Manifest) {
        self.manifest = manifest
        manifestName = (manifest.file as NSString).lastPathComponent
        problems = manifest.problems
    }

    mutating func add(_ source: ManifestSource) {
        let origin = source.line.map { "\(manifestName):\($0)" } ?? manifestName
        func item(
            _ recording: String, orgID: String, repID: String, metadata: [String: JSONValue] = [:], origin: String
        ) -> WorkItem {
            WorkItem(
                source: recording, orgID: orgID, repID: repID, options: source.options,
                metadata: source.metadata.merging(metadata) { $1 },
                origin: origin, insecureTLS: source.insecureTLS)
        }
        switch source.kind {
        case .folder(let folder):
            let field = "\(source.field).path"
            guard
                identified(
                    source, orgFromPath: folder.pattern.captures(.orgID), repFromPath: folder.pattern.captures(.repID))
            else { return }
            let log = ProblemLog(file: manifest.file)
            let found = FolderWalker.walk(folder, log: log, line: source.line, field: field)
            problems += log.problems
            for file in found {
                guard let orgID = file.captures[.orgID] ?? source.orgID,
                    let repID = file.captures[.repID] ?? source.repID
                else { continue }
                let date = file.captures[.date].map { ["date": JSONValue.string($0)] } ?? [:]
                keep(
                    item(file.path, orgID: orgID, repID: repID, metadata: date, origin: origin), file: manifest.file,
                    line: source.line, field: field)
            }
        case .urlList(let path):
            guard let text = read(path, source: source) else { return }
            let log = ProblemLog(file: path)
            let csv = path.lowercased().hasSuffix(".csv")
            let entries = URLList.entries(text, csv: csv, log: log)
            problems += log.problems
            guard
                entries.isEmpty
                    || identified(
                        source, orgFromPath: entries.contains { $0.orgID != nil },
                        repFromPath: entries.contains { $0.repID != nil },
                        hint: csv ? "add a column for it to \(path)" : nil)
            else { return }
            let name = (path as NSString).lastPathComponent
            for entry in entries {
                let orgID = entry.orgID ?? source.orgID
                let repID = entry.repID ?? source.repID
                guard let orgID, let repID else {
                    // Some rows have the column filled, this one not.
                    let key = orgID == nil ? "org_id" : "rep_id"
                    problems.append(
                        ManifestProblem(
                            file: path, line: entry.line, field: key, code: .missingField,
                            message: "no \(key): fill the cell, or set \(key) on the source (\(origin)) or in defaults")
                    )
                    continue
                }
                keep(
                    item(
                        entry.url, orgID: orgID, repID: repID, metadata: entry.metadata, origin: "\(name):\(entry.line)"
                    ), file: path,
                    line: entry.line, field: "url")
            }
        case .recordingURL(let url):
            guard identified(source), let orgID = source.orgID, let repID = source.repID else { return }
            keep(
                item(url, orgID: orgID, repID: repID, origin: origin), file: manifest.file, line: source.line,
                field: "\(source.field).recording_url")
        case .file(let path):
            let field = "\(source.field).file"
            switch Manifest.isDirectory(path) {
            case nil: return report(.sourceNotFound, source, field, "no file \(path)")
            case true?: return report(.invalidSource, source, field, "\(path) is a folder: use `path:` for a folder")
            case false?: break
            }
            guard identified(source), let orgID = source.orgID, let repID = source.repID else { return }
            keep(
                item(path, orgID: orgID, repID: repID, origin: origin), file: manifest.file, line: source.line,
                field: field)
        }
    }

    /// True when the source (or, per the flags, each of its entries) has an org and a rep; otherwise
    /// reports what is missing once, at the source, rather than once per recording.
    private mutating func identified(
        _ source: ManifestSource, orgFromPath: Bool = false, repFromPath: Bool = false, hint: String? = nil
    ) -> Bool {
        var complete = true
        for (key, known) in [
            ("org_id", source.orgID != nil || orgFromPath), ("rep_id", source.repID != nil || repFromPath),
        ] where !known {
            let how = hint ?? (source.kind.isFolder ? "or take it from the path with {\(key)}" : nil)
            report(
                .missingField, source, "\(source.field).\(key)",
                "no \(key) for these recordings: set \(key) on the source or in defaults"
                    + (how.map { ", \($0)" } ?? ""))
            complete = false
        }
        return complete
    }

    /// A list file's text, or nil with a problem at the source.
    private mutating func read(_ path: String, source: ManifestSource) -> String? {
        let field = "\(source.field).urls"
        switch Manifest.isDirectory(path) {
        case nil:
            report(.sourceNotFound, source, field, "no URL list \(path)")
            return nil
        case true?:
            report(
                .invalidSource, source, field, "\(path) is a folder: urls names a list file; use `path:` for a folder")
            return nil
        case false?:
            guard let data = FileManager.default.contents(atPath: path) else {
                report(.sourceUnreadable, source, field, "cannot read \(path): check its permissions")
                return nil
            }
            guard let text = String(data: data, encoding: .utf8) else {
                report(.sourceUnreadable, source, field, "\(path) is not UTF-8 text")
                return nil
            }
            return text
        }
    }

    /// Adds the item unless its recording was listed before; then the later listing is a problem naming both.
    /// A local file is the same recording under any name (a symlink, a hard link): it is known by
    /// its device and inode.
    private mutating func keep(_ item: WorkItem, file: String, line: Int?, field: String) {
        let key = Self.identity(of: item.media)
        if let first = firstListings[key] {
            let what = first.source == item.source ? item.source : "\(item.source) (the same file as \(first.source))"
            let message =
                "\(what) is listed twice: first at \(first.origin), again at \(item.origin); only the first is processed"
            problems.append(
                ManifestProblem(file: file, line: line, field: field, code: .duplicateSource, message: message))
        } else {
            firstListings[key] = (item.source, item.origin)
            items.append(item)
        }
    }

    /// What makes two listings one recording: a URL as written, a file by the inode its path leads to.
    static func identity(of source: MediaSource) -> String {
        guard case .file(let path) = source.location else { return source.description }
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "inode \(info.st_dev):\(info.st_ino)"
    }

    private mutating func report(
        _ code: ManifestProblem.Code, _ source: ManifestSource, _ field: String, _ message: String
    ) {
        problems.append(
            ManifestProblem(file: manifest.file, line: source.line, field: field, code: code, message: message))
    }
}

extension ManifestSource.Kind {
    fileprivate var isFolder: Bool {
        if case .folder = self { return true }
        return false
    }
}
