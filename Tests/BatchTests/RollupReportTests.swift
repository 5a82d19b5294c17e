import Foundation
import Scoring
import Testing
import Transcripts

@testable import Reports
@testable import Sessions

/// The rollup page: a rep over several days, from real detector and analyzer records.
@Suite struct RollupReportTests {
    /// The scripted day on `day`, under its own session id.
    static func entry(_ day: String, id: String, link: String? = nil) async throws -> ReportEntry {
        var result = try await ReportTests.day()
        result.session.id = id
        result.session.metadata["date"] = .string(day)
        return ReportEntry(session: result.session, analyses: result.analyses, bundleReport: link)
    }

    static func failed(_ day: String) async throws -> ReportEntry {
        var entry = try await entry(day, id: "failed-\(day)")
        entry.session.status = .failed
        entry.session.segments = []
        entry.session.error = ErrorObject(code: "corrupt_media", message: "broken.wav: the data is not a valid stream")
        entry.analyses = []
        return entry
    }

    static func empty(_ day: String) async throws -> ReportEntry {
        var entry = try await entry(day, id: "empty-\(day)")
        entry.session.segments = []
        (
            entry.session.segmentsDetected, entry.session.segmentsAnalyzed, entry.session.segmentsSkipped,
            entry.session.segmentsPendingReview
        ) = (
            0, 0, 0, 0
        )
        entry.analyses = []
        return entry
    }

    @Test func aWeekHasABarPerDayTrendPointsAtTheMeansAndTheOpenCallsFirst() async throws {
        let monday = try await Self.entry("2026-05-04", id: "a", link: "northwind/alex/a/report.html")
        var wednesday = try await Self.entry("2026-05-06", id: "b")
        // Left for review: below the confidence to analyze, so no analysis.
        wednesday.session.segments[0].status = .needsReview
        wednesday.session.segments[0].analysisID = nil
        let entries = [
            wednesday, try await Self.failed("2026-05-06"), monday, try await Self.empty("2026-05-08"),
            try await Self.entry("2026-05-11", id: "later"),
        ]
        let scope = RollupScope(rep: "alex", since: "2026-05-04", until: "2026-05-08")
        let html = try RollupReport.render(entries: entries, scope: scope)
        ReportTests.expectWellFormed(html)
        #expect(!html.contains("<script"), "the rollup's links play without a script")
        #expect(html.contains("<h1>alex · northwind</h1>"))
        #expect(html.contains(#"<p class="muted range">2026-05-04 – 2026-05-08</p>"#))

        // Five days, the empty ones included; each day's stack heights add up to its conversations.
        let days = html.matches(of: #/<g class="day">(.*?)</g>/#).map { String($0.1) }
        #expect(days.count == 5)
        let perDay = days.map { day in day.matches(of: #/<title>[^:]+: (\d+) /#).reduce(0) { $0 + Int($1.1)! } }
        let sales = monday.session.conversations.count
        #expect(sales == 3)
        #expect(perDay == [sales, 0, sales, 0, 0])
        #expect(days[0].contains(">05-04</text>") && days[4].contains(">05-08</text>"))
        #expect(!html.contains("2026-05-11"), "outside the range")

        // Trend points: one per pillar and overall on each day with analyses, at the day's mean.
        let analyses = monday.analyses.compactMap(\.analysis)
        #expect(!analyses.isEmpty)
        #expect(html.contains("<b>1</b> need review"))
        let dots = html.matches(
            of:
                #/<circle class="dot (\w+)" cx="([\d.]+)" cy="([\d.]+)" r="4"><title>[^<]*?, (\d{4}-\d\d-\d\d): ([\d.]+)</title>/#
        )
        // A key leaves no point on a day none of its analyses measured.
        let measuredKeys = { (list: [Analysis]) in
            (Analysis.Pillar.allCases.map(\.rawValue) + ["overall"]).filter { key in
                key == "overall" || list.contains { !$0.synthesisSnapshot.unmeasuredPillars.contains(key) }
            }.count
        }
        let wednesdayAnalyses = wednesday.analyses.filter { $0.id != monday.session.segments[0].analysisID }.compactMap(
            \.analysis)
        #expect(dots.count == measuredKeys(analyses) + measuredKeys(wednesdayAnalyses))
        for dot in dots {
            let key = String(dot.1)
            let analyses =
                dot.4 == "2026-05-04"
                ? analyses
                : wednesday.analyses.filter { $0.id != monday.session.segments[0].analysisID }.compactMap(\.analysis)
            // Unmeasured pillars (a neutral 50) are left out of the means.
            let scores = analyses.filter { !$0.synthesisSnapshot.unmeasuredPillars.contains(key) }
                .map { key == "overall" ? $0.overallScore : $0.score(Analysis.Pillar(rawValue: key)!) }
            let mean = Double(scores.reduce(0, +)) / Double(scores.count)
            #expect(abs(Double(dot.5)! - mean) < 0.01, "\(key) on \(dot.4)")
            #expect(abs(Double(dot.3)! - (210 - mean * 2)) < 0.01, "y is 210 at 0 and 10 at 100")
        }
        #expect(Set(dots.map { String($0.4) }) == ["2026-05-04", "2026-05-06"])

        // Follow-ups ranked: a dated next step, a loss on price or timing, left for review, open
        // without a date; within a rank by day. A link into the bundle's page.
        let section = try #require(
            html.firstMatch(of: #/<section class="followups">(.*?)</section>/#.dotMatchesNewlines()))
        let rows = section.1.matches(
            of:
                #/<tr class="outcome-(\w+)"><td data-label="rank">(\d)</td>.*?<td class="reason" data-label="why">([^<]*)</td><td class="nowrap" data-label="day">([\d-]+)</td>/#
        ).map { (outcome: String($0.1), rank: Int($0.2)!, reason: String($0.3), day: String($0.4)) }
        let inScope = [monday, wednesday]
        let expected = inScope.flatMap { entry in
            entry.session.segments.filter { segment in
                guard segment.isSalesConversation, segment.status != .skipped else { return false }
                if segment.status == .needsReview { return true }
                switch segment.detectedOutcome {
                case .ongoing, .noDecision: return true
                case .won: return false
                case .lost:
                    let analysis = entry.analysisBySegment.first { entry.session.segments[$0.key].id == segment.id }?
                        .value
                        .analysis
                    return analysis?.moments.contains {
                        $0.objectionCategories.contains("price") || $0.objectionCategories.contains("timing")
                    } == true
                }
            }
        }
        #expect(rows.count == expected.count && !rows.isEmpty, "\(rows)")
        #expect(rows.map(\.rank) == rows.map(\.rank).sorted(), "most urgent first")
        #expect(!rows.contains { $0.outcome == "won" })
        for row in rows {
            switch row.rank {
            case 1: #expect(row.reason.contains("dated next step"), "\(row)")
            case 2: #expect(row.outcome == "lost" && row.reason.hasPrefix("lost on "), "\(row)")
            case 3: #expect(row.reason.hasPrefix("needs review"), "\(row)")
            default: #expect(!row.reason.contains("dated next step"), "\(row)")
            }
        }
        #expect(rows.contains { $0.rank == 3 && $0.day == "2026-05-06" }, "the call left for review")
        #expect(section.1.contains(#"href="northwind/alex/a/report.html"#))

        // The failure, with what to do; the empty day's recording says so.
        #expect(html.contains(#"<code class="error-code">corrupt_media</code>"#))
        #expect(html.contains(FailureAdvice.text(for: "corrupt_media").replacingOccurrences(of: "'", with: "&#39;")))
        #expect(html.contains("0 conversations, 0 analyzed"))
    }

    @Test func theDayTableCellsAreTheMeansOfTheDaysAnalyses() async throws {
        var entry = try await Self.entry("2026-05-04", id: "a")
        // One call raised no objection: its neutral objection score must not count.
        entry.analyses[0].analysis?.synthesisSnapshot.unmeasuredPillars = ["objection"]
        let html = try RollupReport.render(entries: [entry], scope: RollupScope())
        let table = try #require(
            html.firstMatch(of: #/<table class="days cards">(.*?)</table>/#.dotMatchesNewlines()))
        let row = try #require(
            table.1.firstMatch(of: #/<tr><td class="nowrap" data-label="day">2026-05-04</td>(.*?)</tr>/#))
        let cells = row.1.matches(of: #/<td class="score (\w+)" data-label="\w+">([\d.—]+)</td>/#).map {
            (String($0.1), String($0.2))
        }
        let analyses = entry.analyses.compactMap(\.analysis)
        let expected =
            (Analysis.Pillar.allCases.map { pillar in
                analyses.filter { !$0.synthesisSnapshot.unmeasuredPillars.contains(pillar.rawValue) }.map {
                    $0.score(pillar)
                }
            } + [analyses.map(\.overallScore)]).map { ScoreCell.mean($0) }
        #expect(
            analyses.contains { !$0.synthesisSnapshot.unmeasuredPillars.isEmpty },
            "a pillar left out somewhere, so the rule is exercised")
        #expect(cells.map(\.1) == expected.map(\.value))
        #expect(cells.map(\.0) == expected.map(\.grade))
        #expect(html.contains(#"<p class="muted range">2026-05-04</p>"#), "a single day without a given range")
        #expect(!html.contains("Conversations per day") && !html.contains("Pillar trends"), "no chart of one day")
    }

    /// Two reps side by side: each row's interaction figures are the medians of that rep's calls.
    @Test func severalRepsAreComparedOnTheMediansOfTheirCalls() async throws {
        let transcript = try ReportTests.dayTranscript()
        func measured(_ entry: ReportEntry) -> ReportEntry {
            var entry = entry
            for index in entry.analysisBySegment.keys {
                let segment = entry.session.segments[index]
                entry.interaction[index] = InteractionFigures(
                    CallSlice.cut(transcript, from: segment.startSeconds, to: segment.endSeconds))
            }
            return entry
        }
        let alex = measured(try await Self.entry("2026-05-04", id: "a"))
        var sam = measured(try await Self.entry("2026-05-04", id: "b"))
        sam.session.partnerRepID = "sam"
        // Sam's calls: the same, but one measured twice as long a monologue.
        let first = try #require(sam.interaction.keys.min())
        sam.interaction[first]?.longestMonologueSeconds *= 2
        let html = try RollupReport.render(entries: [alex, sam], scope: RollupScope())
        let section = try #require(html.firstMatch(of: #/<section class="reps">(.*?)</section>/#.dotMatchesNewlines()))
        #expect(section.1.contains("<h2>Reps side by side</h2>"))
        let rows = section.1.matches(of: #/<tr><td data-label="rep"><b>(\w+)</b></td>(.*?)</tr>/#).map {
            (String($0.1), String($0.2))
        }
        #expect(rows.map(\.0) == ["alex", "sam"])
        for (rep, entry) in [("alex", alex), ("sam", sam)] {
            let row = try #require(rows.first { $0.0 == rep }).1
            let monologues = entry.interaction.values.map(\.longestMonologueSeconds)
            let median = try #require(monologues.median)
            #expect(
                row.contains(#"<td data-label="longest monologue (median)">\#(InteractionCell.seconds(median))</td>"#),
                "\(rep): \(row)")
            let questions = try #require(entry.interaction.values.map { Double($0.questionsAsked) }.median)
            #expect(row.contains(#"<td data-label="questions asked (median)">\#(Int(questions.rounded()))</td>"#))
        }
        #expect(html.contains("<h1>2 reps · northwind</h1>"))
    }

    @Test func userTextIsEscapedAndNothingAtAllIsSaidSo() async throws {
        var entry = try await Self.entry("2026-05-04", id: "a")
        let hostile = #"<b>O'Neil & "Sons"</b>"#
        entry.session.segments[0].customerName = hostile
        let html = try RollupReport.render(entries: [entry], scope: RollupScope())
        #expect(!html.contains(hostile))
        #expect(html.contains("&lt;b&gt;O&#39;Neil &amp; &quot;Sons&quot;&lt;/b&gt;"))
        let none = try RollupReport.render(
            entries: [], scope: RollupScope(rep: "alex", since: "2026-05-04", until: "2026-05-05"))
        ReportTests.expectWellFormed(none)
        #expect(none.contains("No recordings in this range."))
    }

    @Test func daysComeFromTheManifestDateElseTheSessionAndLinksAreRelative() async throws {
        var entry = try await Self.entry("2026-05-04", id: "a")
        #expect(entry.day == "2026-05-04")
        entry.session.metadata["date"] = .string("not a day")
        entry.session.metadata["recorded_at"] = .string("2026-02-28T23:10:00Z")
        #expect(entry.day == "2026-02-28")
        entry.session.metadata = [:]
        #expect(entry.day == String(entry.session.createdAt.prefix(10)))
        #expect(ReportEntry.day("2026-02-30") == nil)
        #expect(ReportEntry.day("2024-02-29") == "2024-02-29")
        #expect(
            ReportEntry.days(from: "2026-02-27", through: "2026-03-01") == ["2026-02-27", "2026-02-28", "2026-03-01"])
        #expect(ReportEntry.days(from: "2020-01-01", through: "2026-01-01") == nil, "past a year: only days with data")
        #expect(
            ReportSource.relativePath(from: "/srv/out", to: "/srv/out/northwind/alex/s/report.html")
                == "northwind/alex/s/report.html")
        #expect(
            ReportSource.relativePath(from: "/srv/reports/week", to: "/srv/out/n/a/s/report.html")
                == "../../out/n/a/s/report.html")
        #expect(
            ReportSource.relativePath(from: "/srv", to: "/srv/out/o#1/rep?/report.html")
                == "out/o%231/rep%3F/report.html")
        #expect(ReportEntry.day("2024-+1-05") == nil)
        #expect(
            TimelineView.number(-1.25) == "-1.25" && TimelineView.number(-0.5) == "-0.5"
                && TimelineView.number(12.3) == "12.3")
    }
}
