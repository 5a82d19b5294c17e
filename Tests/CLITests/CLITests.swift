import Foundation
import Store
import TestSupport
import Testing

/// Runs the built `callsift` binary as a user or a cron job would, and checks output and exit codes.
@Suite struct CLITests {
    /// The binary sits beside the test bundle in the build's products folder.
    static let binary: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("callsift").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../.build/debug/callsift"
        ).standardized.path
    }()

    static func callsift(_ arguments: [String]) throws -> Tool.Result {
        try Tool.run([binary] + arguments, check: false)
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func probeExitsZeroWhenEveryInputProbes() throws {
        let fixtures = try Fixtures.shared()
        let result = try Self.callsift(["probe", fixtures.speech[.mp3]!, fixtures.stereo[.flac]!])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("mp3") && lines[1].contains("stereo"))
    }

    @Test func probeJSONHasOneObjectPerInputAndExitsOneOnFailures() throws {
        let fixtures = try Fixtures.shared()
        let inputs = [fixtures.speech[.wav]!, fixtures.missing, fixtures.textNamedWav, fixtures.stereo[.opus]!]
        let result = try Self.callsift(["probe", "--json"] + inputs)
        #expect(result.status == 1)
        let objects = try Self.jsonLines(result.stdout)
        #expect(objects.count == 4)
        #expect(objects[0]["duration_seconds"] is Double)
        #expect((objects[1]["error"] as? [String: Any])?["code"] as? String == "source_not_found")
        #expect((objects[2]["error"] as? [String: Any])?["code"] as? String == "unsupported_format")
        #expect((objects[1]["error"] as? [String: Any])?["message"] is String)
        #expect(objects[3]["channels"] as? Int == 2)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Self.callsift(["probe"]).status == 2)
        #expect(try Self.callsift(["cut", "x.mp3", "--start", "5", "--end", "2", "-o", "y.mp3"]).status == 2)
        #expect(try Self.callsift(["cut", "x.mp3", "--start", "1:75", "--end", "2:00", "-o", "y.mp3"]).status == 2)
        #expect(try Self.callsift(["no-such-command"]).status == 2)
    }

    /// Tests run as root, who may read anything; the check drops to `nobody` to see a real EACCES.
    @Test func aMistypedCommandIsNamedWithTheOneMeant() throws {
        let typo = try Self.callsift(["runn", "m.yaml"])
        #expect(typo.status == 2 && typo.stderr.contains("Did you mean 'run'?"), "\(typo.stderr)")
        let far = try Self.callsift(["frobnicate"])
        #expect(far.status == 2 && !far.stderr.contains("Did you mean"), "\(far.stderr)")
    }

    @Test func theManifestIsAnArgumentAnOptionOrTheEnvironment() throws {
        let root = try temporaryDirectory("convention")
        try FileManager.default.createDirectory(atPath: "\(root)/calls", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(root)/calls/a.mp3"))
        try "output: out\ndatabase: p.sqlite\ndefaults: {org_id: o, rep_id: r}\nsources:\n  - path: calls\n".write(
            toFile: "\(root)/m.yaml", atomically: true, encoding: .utf8)
        for arguments in [["run", "\(root)/m.yaml", "--check"], ["run", "-m", "\(root)/m.yaml", "--check"]] {
            let result = try Self.callsift(arguments)
            #expect(result.status == 0 && result.stdout.contains("1 recording(s) to process"), "\(arguments)")
        }
        let environment = { (variables: [String], arguments: [String]) in
            try Tool.run(["env"] + variables + [Self.binary] + arguments, check: false)
        }
        let fromEnvironment = try environment(["CALLSIFT_MANIFEST=\(root)/m.yaml"], ["run", "--dry-run"])
        #expect(fromEnvironment.status == 0 && fromEnvironment.stdout.contains("a.mp3"), "\(fromEnvironment.stderr)")
        let two = try Self.callsift(["run", "\(root)/m.yaml", "-m", "\(root)/other.yaml", "--check"])
        #expect(two.status == 2 && two.stderr.contains("Two manifests"), "\(two.stderr)")
        let none = try environment([], ["run", "--check"])
        #expect(none.status == 2 && none.stderr.contains("CALLSIFT_MANIFEST"), "\(none.stderr)")
        let badFormat = try environment(
            ["CALLSIFT_MANIFEST=\(root)/m.yaml", "CALLSIFT_LOG_FORMAT=xml"], ["run", "--check"])
        #expect(badFormat.status == 2 && badFormat.stderr.contains("CALLSIFT_LOG_FORMAT"), "\(badFormat.stderr)")
        let badJobs = try environment(["CALLSIFT_MANIFEST=\(root)/m.yaml", "CALLSIFT_JOBS=999"], ["run", "--check"])
        #expect(badJobs.status == 2 && badJobs.stderr.contains("1 to 64"), "\(badJobs.stderr)")
    }

    @Test func versionNamesTheLibrariesAsLoaded() throws {
        let version = try Self.callsift(["--version"])
        #expect(version.status == 0)
        #expect(
            version.stdout.contains("callsift 0.") && version.stdout.contains("FFmpeg ")
                && version.stdout.contains("SQLite 3.") && version.stdout.contains("speech model tiny.en"),
            "\(version.stdout)")
    }

    @Test func doctorStartsTheSpeechEngineAndChecksTheManifestsFolders() throws {
        let root = try temporaryDirectory("doctor")
        try "output: out\ndatabase: progress.sqlite\nsources:\n  - path: calls/*.wav\n".write(
            toFile: "\(root)/m.yaml", atomically: true, encoding: .utf8)
        let healthy = try Self.callsift(["doctor", "-m", "\(root)/m.yaml", "--json"])
        #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
        let findings = try Self.jsonLines(healthy.stdout)
        let checks = findings.compactMap { $0["check"] as? String }
        #expect(
            ["FFmpeg", "libavformat", "SQLite", "speech engine", "detector and analyzer", "output", "database"]
                .allSatisfy(checks.contains), "\(checks)")
        let speech = try #require(findings.first { $0["check"] as? String == "speech engine" })
        #expect((speech["detail"] as? String)?.contains("models loaded") == true, "\(speech)")
        #expect(!FileManager.default.fileExists(atPath: "\(root)/progress.sqlite"), "doctor creates no database")

        let broken = try Tool.run(
            ["env", "CALLSIFT_PYTHON=/nonexistent/bin/python", Self.binary, "doctor", "-m", "\(root)/m.yaml"],
            check: false)
        #expect(broken.status == 2, "\(broken.stdout)")
        #expect(broken.stdout.contains("FAIL speech engine: engine_unavailable"), "\(broken.stdout)")
        #expect(broken.stdout.contains("ok   output"), "\(broken.stdout)")
    }

    @Test func anUnreadableFileIsPermissionDenied() throws {
        let directory = try temporaryDirectory("perm")
        chmod(directory, 0o755)
        let locked = "\(directory)/locked.mp3"
        try FileManager.default.copyItem(atPath: try Fixtures.shared().speech[.mp3]!, toPath: locked)
        chmod(locked, 0o000)
        var command = [Self.binary, "probe", "--json", locked]
        if getuid() == 0 {
            // The binary may sit under a folder `nobody` cannot enter: give it a copy it can run.
            let binary = "\(directory)/callsift"
            try FileManager.default.copyItem(atPath: Self.binary, toPath: binary)
            chmod(binary, 0o755)
            command = [
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary, "probe", "--json", locked,
            ]
        }
        let result = try Tool.run(command, check: false)
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try Self.jsonLines(result.stdout).first)
        #expect((object["error"] as? [String: Any])?["code"] as? String == "permission_denied", "\(result.stdout)")
    }

    /// The commands that only read the progress database read it where this user may not write
    /// (the cron job's database, looked at by an analyst): no journal, no -shm file, no migration.
    @Test func theReadingCommandsReadADatabaseThisUserMayNotWrite() throws {
        let directory = try temporaryDirectory("readonly")
        let database = "\(directory)/progress.sqlite"
        do { _ = try Store(path: database) }  // created, migrated and closed: no -wal left
        var binary = Self.binary
        var prefix: [String] = []
        if getuid() == 0 {
            // Root may write anything: drop to `nobody`, with a copy of the binary it can run.
            binary = "\(directory)/callsift"
            try FileManager.default.copyItem(atPath: Self.binary, toPath: binary)
            chmod(binary, 0o755)
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            chmod(directory, 0o755)
            chmod(database, 0o644)
        } else {
            chmod(database, 0o444)
            chmod(directory, 0o555)
        }
        defer { chmod(directory, 0o755) }
        for command in [["status"], ["status", "--json"], ["report"], ["usage"], ["sessions", "list"]] {
            let result = try Tool.run(prefix + [binary] + command + ["--database", database], check: false)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        #expect(
            !FileManager.default.fileExists(atPath: database + "-shm")
                && !FileManager.default.fileExists(atPath: database + "-wal"))
        // Writing still needs write access, and says so.
        let archive = try Tool.run(
            prefix + [binary, "sessions", "archive", "no-such-session", "--database", database], check: false)
        #expect(archive.status == 1 && archive.stderr.contains(database), "\(archive.stderr)")
    }

    /// Peak resident memory (VmHWM) of `callsift probe` over `count` inputs, read from /proc while it runs.
    static func probePeakKiB(_ inputs: [String], count: Int) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["probe", "--json"] + (0..<count).map { inputs[$0 % inputs.count] }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var peak = 0
        while process.isRunning {
            let status =
                (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
            {
                peak = max(peak, kib)
            }
            usleep(20_000)
        }
        return peak
    }

    /// 10,000 probes, good and bad, in one process cost no more memory than 1,000: a context or
    /// buffer leaked per probe (≥ 32 KiB) would add ≥ 280 MiB.
    @Test func tenThousandProbesLeakNoMemory() throws {
        let fixtures = try Fixtures.shared()
        let inputs = [
            fixtures.speech[.wav]!, fixtures.speech[.mp3]!, fixtures.randomBytesNamedM4a, fixtures.textNamedWav,
            fixtures.missing,
        ]
        let thousand = try Self.probePeakKiB(inputs, count: 1_000)
        let tenThousand = try Self.probePeakKiB(inputs, count: 10_000)
        #expect(thousand > 0 && tenThousand > 0)
        #expect(
            tenThousand - thousand < 32 * 1024,
            "peak \(thousand) KiB after 1,000 probes, \(tenThousand) KiB after 10,000")
    }

    @Test func cutWritesTheFileAndReportsIt() throws {
        let directory = try temporaryDirectory("clicut")
        let result = try Self.callsift([
            "cut", try Fixtures.shared().stereo[.m4a]!, "--start", "0:01.5", "--end", "4", "-o", "\(directory)/part",
            "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try Self.jsonLines(result.stdout).first)
        #expect(object["output"] as? String == "\(directory)/part.m4a")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/part.m4a"))
        let duration = try #require(object["duration_seconds"] as? Double)
        #expect(abs(duration - 2.5) < 0.03)
    }

    @Test func cutReadsAnM4AFromAServerWithoutRange() throws {
        // The index after the audio, a server that cannot seek: copied first, then cut like a file.
        let directory = try temporaryDirectory("clicut-norange")
        let url = try FixtureServer.shared().url("norange", try Fixtures.shared().stereo[.m4a]!)
        let result = try Self.callsift(["cut", url, "--start", "1", "--end", "3", "-o", "\(directory)/part", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try Self.jsonLines(result.stdout).first)
        #expect(abs((object["duration_seconds"] as? Double ?? 0) - 2) < 0.03)
    }

    @Test func cutIntoADirectoryNamesTheFileAfterTheSourceAndRange() throws {
        let directory = try temporaryDirectory("clidir")
        let result = try Self.callsift([
            "cut", try Fixtures.shared().speech[.aac]!, "--start", "1", "--end", "2.5", "-o", directory,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/speech-1s-2.500s.m4a"))
        #expect(result.stdout.contains("note: ADTS AAC"))
    }

    @Test func aFailedCutExitsOneWithTheErrorCode() throws {
        let directory = try temporaryDirectory("clifail")
        let result = try Self.callsift([
            "cut", try Fixtures.shared().stereo[.aac]!, "--start", "1", "--end", "2", "-o", "\(directory)/x.mp3",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("write_failed"))
    }
}
