import Foundation

/// Finds the files of one folder source: the folders its pattern matches level by level, then the
/// files in them (and below, when recursive) that its globs accept, sorted by path so every run
/// sees the same order. Folders are told apart by device and inode, so a symbolic link back up the
/// tree, or two links to one folder, is walked once and never loops. Hidden names are skipped.
struct FolderWalker {
    struct Found: Equatable {
        var path: String
        var captures: [PathPattern.Placeholder: String]
    }

    /// What a folder source takes when it names no file glob and no `include`: the formats callsift reads.
    static let recordingGlobs = ["*.mp3", "*.wav", "*.m4a", "*.aac", "*.ogg", "*.flac", "*.opus", "*.webm", "*.mp4"]

    private struct DirectoryID: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private enum Kind {
        case directory(DirectoryID)
        case file
        case brokenLink
        case missing
        case other
    }

    private let folder: ManifestSource.Folder
    /// Problems go to the source's place in the manifest.
    private let log: ProblemLog
    private let line: Int?
    private let field: String
    private var visited: Set<DirectoryID> = []
    private var found: [Found] = []

    static func walk(_ folder: ManifestSource.Folder, log: ProblemLog, line: Int?, field: String) -> [Found] {
        var walker = FolderWalker(folder: folder, log: log, line: line, field: field)
        let root = folder.pattern.root
        switch walker.kind(root) {
        case .directory(let id): walker.descend(root, id: id, step: 0, captures: [:])
        case .file: walker.report(.invalidSource, "\(root) is a file, not a folder: use `file:` for one recording")
        default: walker.report(.sourceNotFound, "no folder \(root)")
        }
        if walker.found.isEmpty, walker.log.problems.isEmpty {
            walker.report(
                .noMatch,
                "\(folder.pattern.text) holds no \(folder.include.isEmpty ? "audio file" : folder.include.joined(separator: " or ")) "
                    + "callsift would take: check the pattern, or expect none today")
        }
        return walker.found.sorted { $0.path < $1.path }
    }

    private init(folder: ManifestSource.Folder, log: ProblemLog, line: Int?, field: String) {
        self.folder = folder
        self.log = log
        self.line = line
        self.field = field
    }

    private func report(_ code: ManifestProblem.Code, _ message: String) {
        log.add(code, line: line, field: field, message)
    }

    /// Matches `directory`'s subfolders against the pattern's step `step`, capturing placeholders.
    private mutating func descend(
        _ directory: String, id: DirectoryID, step: Int, captures: [PathPattern.Placeholder: String]
    ) {
        guard visited.insert(id).inserted else { return }
        let steps = folder.pattern.steps
        guard step < steps.count else { return collect(directory, captures: captures) }
        for name in entries(directory) {
            let path = Self.join(directory, name)
            guard case .directory(let child) = kind(path) else { continue }
            var captures = captures
            switch steps[step] {
            case .name(let wanted):
                guard name == wanted else { continue }
            case .glob(let glob):
                guard fnmatch(glob, name, 0) == 0 else { continue }
            case .capture(.date):
                // Like a glob: folders that are not dates (notes/, misc/) are not walked.
                guard let date = Self.date(name) else { continue }
                captures[.date] = date
            case .capture(let placeholder):
                if let message = EntryRules.identifierProblem(name) {
                    report(.invalidField, "folder \(path) does not name a valid \(placeholder.rawValue): \(message)")
                    continue
                }
                captures[placeholder] = name
            }
            descend(path, id: child, step: step + 1, captures: captures)
        }
    }

    private mutating func collect(_ directory: String, captures: [PathPattern.Placeholder: String]) {
        for name in entries(directory) {
            let path = Self.join(directory, name)
            switch kind(path) {
            case .directory(let id):
                if folder.recursive, visited.insert(id).inserted { collect(path, captures: captures) }
            case .file:
                if accepts(name) { found.append(Found(path: path, captures: captures)) }
            case .brokenLink:
                if accepts(name) { report(.brokenLink, "\(path) is a symbolic link to nothing") }
            case .missing, .other:
                continue
            }
        }
    }

    /// The file glob of the path, then `include` (the recording formats when neither is given), then `exclude`.
    private func accepts(_ name: String) -> Bool {
        let include = folder.include.isEmpty && folder.pattern.fileGlob == nil ? Self.recordingGlobs : folder.include
        return (folder.pattern.fileGlob.map { Self.matches($0, name) } ?? true)
            && (include.isEmpty || include.contains { Self.matches($0, name) })
            && !folder.exclude.contains { Self.matches($0, name) }
    }

    /// File names match ignoring case: `*.mp3` takes `CALL.MP3` too.
    private static func matches(_ glob: String, _ name: String) -> Bool {
        fnmatch(glob, name, caseFold) == 0
    }

    /// glibc's FNM_CASEFOLD, a GNU extension Swift does not import.
    private static let caseFold: Int32 = 1 << 4

    private func entries(_ directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            report(.sourceUnreadable, "cannot read folder \(directory): check its permissions")
            return []
        }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// `stat` follows links: a link to a folder is a folder, a link to nothing is reported.
    private func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            var link = stat()
            return lstat(path, &link) == 0 ? .brokenLink : .missing
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory(DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
        case S_IFREG: return .file
        default: return .other
        }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }

    /// "2024-05-01" or "20240501" as "2024-05-01"; nil for any other name.
    private static func date(_ name: String) -> String? {
        let dashed =
            name.count == 10
            && Array(name).enumerated().allSatisfy { ($0.offset == 4 || $0.offset == 7) == ($0.element == "-") }
        let digits = dashed ? name.replacingOccurrences(of: "-", with: "") : name
        guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let month = Int(digits.dropFirst(4).prefix(2)), let day = Int(digits.suffix(2)), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
    }
}
