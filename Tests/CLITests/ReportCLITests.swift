import Foundation
import TestSupport
import Testing

/// `callsift report --html` on a real run over a week of dated folders, and the pages opened in
/// headless Chromium the way a manager opens them, at a desk and on a phone. Screenshots stay in
/// `.build/report-screenshots/` (NAME-1400.png, NAME-390.png).
@Suite struct ReportCLITests {
    static let screenshots = ScriptedCall.repositoryRoot.appendingPathComponent(".build/report-screenshots").path

    /// Alex's week: day folders (one named YYYYMMDD), a broken recording, a voicemail; run with
    /// the sidecar engine. Returns the manifest.
    static func week() throws -> String {
        let root = try temporaryDirectory("week")
        let days = [
            "2026-05-04": ["discovery-call", "pricing-call"], "2026-05-06": ["competitor-call", "voicemail"],
            "20260507": ["authority-call"],
        ]
        for (day, scripts) in days {
            let folder = "\(root)/recordings/\(day)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for script in scripts { try ScriptedArchive.record(script, as: script, in: folder) }
        }
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(
            to: URL(fileURLWithPath: "\(root)/recordings/2026-05-06/broken.wav"))
        let manifest = "\(root)/week.yaml"
        try """
        output: out
        database: progress.sqlite
        playbooks: \(ScriptedCall.repositoryRoot.path)/playbooks
        defaults: {org_id: northwind, rep_id: alex}
        engines: {transcriber: sidecar}
        sources:
          - path: recordings/{date}/*.wav
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let run = try CLITests.callsift(["run", manifest, "--quiet"])
        #expect(run.status == 1, "broken.wav fails, the rest completes: \(run.stderr)")
        return manifest
    }

    @Test func theWeekPageAndEveryRecordingsPageRenderInChromium() throws {
        let manifest = try Self.week()
        let root = (manifest as NSString).deletingLastPathComponent
        let page = "\(root)/reports/alex-week.html"
        let report = try CLITests.callsift([
            "report", "--manifest", manifest, "--rep", "alex", "--since", "2026-05-04", "--until", "2026-05-08",
            "--html", page,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("wrote \(page)"))
        let html = try String(contentsOfFile: page, encoding: .utf8)

        // Five days of bars; Tuesday, Friday empty; the YYYYMMDD folder is Thursday.
        let days = html.matches(of: #/<g class="day">.*?>(\d\d-\d\d)</text></g>/#).map { String($0.1) }
        #expect(days == ["05-04", "05-05", "05-06", "05-07", "05-08"])
        #expect(html.contains(#"<section class="day" id="day-2026-05-07">"#))
        #expect(html.contains(#"<code class="error-code">corrupt_media</code>"#))
        #expect(html.contains("<b>6</b> recordings"))

        // Every link leads to a bundle page that exists.
        let links = html.matches(of: #/href="([^"#]+)(#conv-\d+)?"/#).map { String($0.1) }
        #expect(links.count >= 6)
        for link in Set(links) {
            #expect(FileManager.default.fileExists(atPath: "\(root)/reports/\(link)"), "\(link)")
        }

        // Bands carry the call's outcome (and status), a skipped or other span grey.
        let bands = html.matches(of: #/<rect class="band ([^"]+)"/#).map { String($0.1) }
        #expect(!bands.isEmpty)
        for band in bands {
            #expect(
                band.wholeMatch(of: #/(won|lost|ongoing|no_decision) (analyzed|needs_review)|skipped|other \w+/#)
                    != nil,
                "\(band)")
        }
        #expect(bands.contains { $0.hasPrefix("won ") } && bands.contains { $0.hasPrefix("ongoing ") })

        // Both pages at a desk (1400 px) and on a phone (390 px): painted, nothing logged, and on
        // the phone nothing wider than the screen, as the page itself measures it.
        func look(_ page: String, name: String, height: Int) throws -> HeadlessBrowser.Shot {
            var desk: HeadlessBrowser.Shot?
            for width in [1400, 390] {
                let shot = try HeadlessBrowser.screenshot(
                    page, to: "\(Self.screenshots)/\(name)-\(width).png", width: width, height: height)
                #expect(shot.console.isEmpty, "\(name) at \(width): \(shot.console)")
                #expect(
                    shot.width == width && shot.inkedShare > 0.01, "\(name) at \(width) painted: \(shot.inkedShare)")
                if width == 1400 { desk = shot }
            }
            let phone = try HeadlessBrowser.measureOverflow(page, width: 390)
            #expect(
                phone.viewport == 390 && phone.fits, "\(name) at 390 px: scroll width \(phone.scroll), \(phone.wide)")
            return try #require(desk)
        }
        let week = try look(page, name: "week", height: 2400)
        #expect(week.pixels(near: 0x2E7D32) > 500, "won bars and bands are green")
        #expect(week.pixels(near: 0x1565C0) > 500, "ongoing ones blue")

        // The measurement can fail: a page with something wider than the phone is caught.
        let control = "\(root)/reports/too-wide.html"
        try #"<!doctype html><meta name="viewport" content="width=device-width"><body><div style="width:600px">x</div>"#
            .write(toFile: control, atomically: true, encoding: .utf8)
        #expect(try HeadlessBrowser.measureOverflow(control, width: 390).fits == false)

        // Every time on every page plays an existing segment file at a moment inside it.
        let bundles = Set(links.filter { $0.hasSuffix("report.html") })
        var checked = 0
        for (folder, text) in [("\(root)/reports", html)]
            + (try bundles.map { link in
                let path = "\(root)/reports/\(link)"
                return ((path as NSString).deletingLastPathComponent, try String(contentsOfFile: path, encoding: .utf8))
            })
        {
            for target in Set(text.matches(of: #/href="([^"#]+)#t=([\d.]+)"/#).map { "\($0.1)#\($0.2)" }) {
                let parts = target.split(separator: "#")
                let file = "\(folder)/\(parts[0])".removingPercentEncoding ?? ""
                #expect(
                    file.contains("/segments/segment-") && FileManager.default.fileExists(atPath: file), "\(target)")
                let duration = try Tool.run([
                    "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file,
                ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                let at = try #require(Double(parts[1]))
                #expect(at >= 0 && at < (Double(duration) ?? 0), "\(target): \(at) s in a \(duration) s file")
                checked += 1
            }
        }
        #expect(checked > 20, "times to play: \(checked)")

        var painted: [String: HeadlessBrowser.Shot] = [:]
        for link in bundles {
            let path = "\(root)/reports/\(link)"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let name = try #require(text.firstMatch(of: #/<h1>([^<]+)</h1>/#)).1
            painted[String(name)] = try look(path, name: String(name), height: 1600)
        }
        #expect(
            Set(painted.keys) == [
                "discovery-call.wav", "pricing-call.wav", "competitor-call.wav", "voicemail.wav", "authority-call.wav",
                "broken.wav",
            ])
        #expect(try #require(painted["broken.wav"]).pixels(near: 0xFDECEA) > 2000, "the failure box")
        #expect(try #require(painted["discovery-call.wav"]).pixels(near: 0x1565C0) > 2000, "the score bars")
        #expect(
            try #require(painted["voicemail.wav"]).pixels(near: 0x1565C0) < 400,
            "no conversation, no score bars: only the legend's ongoing square is that blue")
    }

    @Test func rebuildWritesTheBundlePagesAgainAndBadDaysAreUsageErrors() throws {
        let manifest = try Self.week()
        let root = (manifest as NSString).deletingLastPathComponent
        let pages = try FileManager.default.subpathsOfDirectory(atPath: "\(root)/out").filter {
            $0.hasSuffix("report.html")
        }.map {
            "\(root)/out/\($0)"
        }
        #expect(pages.count == 6)
        let before = try pages.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        for page in pages { try FileManager.default.removeItem(atPath: page) }
        let rebuilt = try CLITests.callsift(["report", "--manifest", manifest, "--rebuild"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("rebuilt 6 bundle report(s)"))
        #expect(
            try pages.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before,
            "the same pages from the database alone")

        let thursday = try CLITests.callsift(["report", "--manifest", manifest, "--since", "2026-05-07", "--json"])
        let totals = try #require(try CLITests.jsonLines(thursday.stdout).first?["totals"] as? [String: Any])
        #expect(totals["recordings"] as? Int == 1)

        for bad in [
            ["--since", "2026-13-01"], ["--until", "May 8"], ["--since", "2026-05-08", "--until", "2026-05-04"],
        ] {
            let result = try CLITests.callsift(["report", "--manifest", manifest] + bad)
            #expect(result.status == 2, "\(bad): \(result.stderr)")
        }
        #expect(
            try CLITests.callsift(["report", "--database", "\(root)/progress.sqlite", "--rebuild"]).status == 2,
            "--rebuild needs the manifest")
    }

    @Test func theExportIsATableThatLoadsInOneLine() throws {
        let manifest = try Self.week()
        let root = (manifest as NSString).deletingLastPathComponent
        let csv = try CLITests.callsift(["report", "--manifest", manifest, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let file = "\(root)/conversations.csv"
        try csv.stdout.write(toFile: file, atomically: true, encoding: .utf8)

        // Loaded as a data team would: Python's csv reader, and SQLite's own CSV import.
        let loaded = try Tool.run([
            "python3", "-c",
            """
            import csv, json, sys
            rows = list(csv.DictReader(open(sys.argv[1], newline="")))
            print(json.dumps(rows))
            """, file,
        ]).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(loaded.utf8)) as? [[String: String]])
        let header = try #require(csv.stdout.split(separator: "\r\n").first).split(separator: ",").map(String.init)
        #expect(
            header == [
                "session_id", "analysis_id", "org_id", "rep_id", "day", "recording", "start_seconds", "end_seconds",
                "customer", "kind", "outcome", "status", "confidence", "clarity", "influence", "objection",
                "discovery", "delivery", "close", "overall", "title", "next_step", "error_code", "error_message",
            ])
        let failed = rows.filter { $0["status"] == "failed" }
        #expect(failed.count == 1 && failed.first?["error_code"] == "corrupt_media", "\(failed)")
        #expect(failed.first?["recording"]?.hasSuffix("broken.wav") == true)
        let sales = rows.filter { $0["kind"] == "sales" }
        #expect(sales.count >= 4, "\(rows.map { $0["kind"] ?? "" })")
        for row in sales where row["status"] == "analyzed" {
            #expect(Int(row["overall"] ?? "") != nil && !(row["title"] ?? "").isEmpty, "\(row)")
            #expect(row["org_id"] == "northwind" && row["rep_id"] == "alex" && row["day"]?.count == 10)
            #expect(Double(row["confidence"] ?? "") != nil && !(row["analysis_id"] ?? "").isEmpty)
        }
        #expect(rows.filter { $0["day"] == "2026-05-07" }.allSatisfy { $0["recording"]?.contains("authority") == true })

        let sqlite = try Tool.run([
            "sqlite3", ":memory:", ".import --csv \(file) calls",
            "SELECT count(*), count(DISTINCT session_id) FROM calls",
        ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sqlite == "\(rows.count)|\(Set(rows.compactMap { $0["session_id"] }).count)")

        // JSON lines: the same rows, numbers as numbers, an unmeasured or unanalyzed pillar null.
        let jsonl = try CLITests.callsift(["report", "--manifest", manifest, "--format", "jsonl"])
        #expect(jsonl.status == 0)
        let objects = try CLITests.jsonLines(jsonl.stdout)
        #expect(objects.count == rows.count)
        let analyzed = try #require(objects.first { $0["status"] as? String == "analyzed" })
        #expect(analyzed["overall"] is NSNumber && analyzed["start_seconds"] is NSNumber)
        let firstLine = try #require(jsonl.stdout.split(separator: "\n").first)
        #expect(firstLine.hasPrefix(#"{"session_id":"#) && firstLine.hasSuffix(#","error_message":null}"#))
        let notAnalyzed = try #require(
            objects.first { $0["kind"] as? String != "sales" || $0["status"] as? String == "failed" })
        #expect(notAnalyzed["clarity"] is NSNull && notAnalyzed["overall"] is NSNull, "\(notAnalyzed)")

        let both = try CLITests.callsift(["report", "--manifest", manifest, "--json", "--format", "csv"])
        #expect(both.status == 2, "--json and --format csv contradict each other")

        // The database's own views, queried with the sqlite3 shell: the same conversations with the
        // same scores (an unmeasured pillar NULL there too), and one row per recording.
        let pillars = ["clarity", "influence", "objection", "discovery", "delivery", "close", "overall"]
        let viewed = try Tool.run([
            "sqlite3", "-json", "\(root)/progress.sqlite",
            "SELECT analysis_id, \(pillars.joined(separator: ", ")) FROM conversation_scores WHERE analysis_id IS NOT NULL",
        ]).stdout
        let scored = try #require(try JSONSerialization.jsonObject(with: Data(viewed.utf8)) as? [[String: Any]])
        let exported = objects.filter { $0["analysis_id"] is String }
        #expect(scored.count == exported.count && !scored.isEmpty)
        for row in exported {
            let view = try #require(scored.first { $0["analysis_id"] as? String == row["analysis_id"] as? String })
            for pillar in pillars {
                #expect(
                    (view[pillar] as? Int) == (row[pillar] as? Int)
                        && (view[pillar] is NSNull) == (row[pillar] is NSNull),
                    "\(pillar): \(view) vs \(row)")
            }
        }
        let statuses = try Tool.run([
            "sqlite3", "\(root)/progress.sqlite",
            "SELECT status || ':' || COALESCE(error_code, '') FROM recording_status ORDER BY status",
        ]).stdout.split(separator: "\n")
        #expect(statuses.count == Set(rows.compactMap { $0["recording"] }).count, "\(statuses)")
        #expect(statuses.filter { $0 == "failed:corrupt_media" }.count == 1, "\(statuses)")
    }
}
