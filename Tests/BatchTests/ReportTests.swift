import Foundation
import Scoring
import TestSupport
import Testing

@testable import Reports
@testable import Sessions

/// `report.html`: what a person sees of a session, rendered from real records.
@Suite struct ReportTests {
    /// Three sales calls with internal chatter and a voicemail between them.
    static func day(recordingURL: String? = "/archive/day.wav") async throws -> SessionAnalysis.Result {
        let transcript = ScriptedCall.transcript(
            try ["discovery-call", "internal-chatter", "competitor-call", "voicemail", "pricing-call"].map(
                ScriptedCall.script))
        let request = SessionRequest(
            sessionID: DeterministicID.make(name: "tests/report"), recordingURL: recordingURL, orgID: "northwind",
            repID: "alex")
        return try await SessionAnalysis.run(transcript: transcript, request: request)
    }

    static func count(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

    /// Loosely well-formed: a doctype, and the elements that nest opened as often as closed.
    static func expectWellFormed(_ html: String) {
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("</html>"))
        for tag in ["svg", "section", "table", "dl", "header"] {
            #expect(count("<\(tag)", in: html) == count("</\(tag)>", in: html), "<\(tag)> balanced")
        }
    }

    @Test func aDayHasABandPerSegmentAndSpanAndBarsAsLongAsTheScores() async throws {
        let result = try await Self.day()
        let html = try SessionReport.render(
            session: result.session, analyses: result.analyses, segmentFiles: [0: "/out/segments/segment-0.wav"])
        Self.expectWellFormed(html)
        #expect(result.session.conversations.count == 3 && result.session.segments.count == 5)
        #expect(Self.count(#"<rect class="band "#, in: html) == 5)
        for status in ["analyzed", "needs_review", "skipped"] {
            #expect(
                Self.count(#"<rect class="band \#(status)""#, in: html)
                    == result.session.conversations.filter { $0.status.rawValue == status }.count)
        }
        // The spans that are not sales are listed with the reason they were skipped.
        #expect(Self.count(#"<tr class="other">"#, in: html) == 2)
        for span in result.session.segments where !span.isSalesConversation {
            #expect(html.contains(span.statusReason.htmlEscaped))
        }
        #expect(Self.count(#"<rect class="band other internal""#, in: html) == 1)
        #expect(Self.count(#"<rect class="band other voicemail""#, in: html) == 1)
        #expect(html.contains("<title>Jordan · ongoing · confidence "))
        #expect(html.contains(#"<text x="0" y="70" text-anchor="middle">0:00</text>"#), "a tick at the start")

        // One chart per analysis; its bars, in order, are the six pillars and the overall score.
        let bars = html.matches(of: #/<rect class="bar[^"]*" data-pillar="(\w+)" x="90" y="\d+" width="(\d+)"/#).map {
            (String($0.1), Int($0.2)!)
        }
        #expect(bars.count == 7 * result.analyses.count)
        for (index, record) in result.analyses.enumerated() {
            let analysis = try #require(record.analysis)
            let expected =
                Analysis.Pillar.allCases.map { ($0.rawValue, analysis.score($0)) } + [
                    ("overall", analysis.overallScore)
                ]
            let chart = Array(bars[(index * 7)..<(index * 7 + 7)])
            #expect(chart.map(\.0) == expected.map(\.0))
            #expect(chart.map(\.1) == expected.map(\.1))
            #expect(html.contains(analysis.actionPlanV5.quotedPrinciple.htmlEscaped))
            let (strongest, weakest) = analysis.extremes
            #expect(
                analysis.doubleDown.hasPrefix("\(strongest.rawValue.capitalized) ("),
                "the report names the analyzer's strongest pillar")
            #expect(html.contains("Strongest: \(strongest.rawValue.capitalized) (\(analysis.score(strongest)))"))
            #expect(html.contains("Weakest: \(weakest.rawValue.capitalized) (\(analysis.score(weakest)))"))
        }
        #expect(html.contains(#"<audio class="segment" controls preload="none" src="segments/segment-0.wav">"#))
        #expect(!html.contains(#"class="original""#), "a local recording has no URL to play from")
        #expect(!html.contains("<script"), "no scripts: readable with JavaScript off")
    }

    @Test func anHTTPRecordingIsPlayedFromTheConversationsOffsets() async throws {
        let result = try await Self.day(recordingURL: "https://calls.example.com/day.mp3?sig=a&v=1")
        let html = try SessionReport.render(session: result.session, analyses: result.analyses, segmentFiles: [:])
        let first = result.session.segments[0]
        #expect(
            html.contains(
                #"class="original" controls preload="none" src="https://calls.example.com/day.mp3?sig=a&amp;v=1#t=\#(Playback.number(first.startSeconds)),\#(Playback.number(first.endSeconds))""#
            ))
        #expect(html.contains("<h1>day.mp3</h1>"))
    }

    @Test func userTextIsEscaped() async throws {
        var result = try await Self.day()
        let hostile = #"<script>alert("x")</script> & 'Ünïcødé'"#
        result.session.segments[0].customerName = hostile
        let other = try #require(result.session.segments.firstIndex { !$0.isSalesConversation })
        result.session.segments[other].summary = hostile
        result.session.segments[other].statusReason = hostile
        for index in result.analyses.indices {
            var analysis = try #require(result.analyses[index].analysis)
            for moment in analysis.moments.indices { analysis.moments[moment].quote = hostile }
            let pairs: [WritableKeyPath<FeedbackV5, FeedbackV5.Pair>] = [
                \.clarity, \.influence, \.objection, \.discovery, \.delivery, \.close,
            ]
            for pair in pairs {
                analysis.feedbackV5[keyPath: pair].positive = hostile
                analysis.feedbackV5[keyPath: pair].negative = hostile
            }
            result.analyses[index].analysis = analysis
        }
        #expect(result.analyses.contains { $0.analysis?.moments.isEmpty == false }, "a quote among the moments")
        let html = try SessionReport.render(session: result.session, analyses: result.analyses, segmentFiles: [:])
        Self.expectWellFormed(html)
        #expect(!html.contains("<script"))
        #expect(!html.contains(hostile))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Ünïcødé&#39;"))
    }

    @Test func aRunWritesAReportPerRecordingFailedAndEmptyIncluded() async throws {
        let archive = try ScriptedArchive.make(["discovery-call", "internal-chatter"])
        _ = try await archive.run()
        let base = "\(archive.root)/out/northwind/alex"
        func report(_ name: String) throws -> String {
            try String(contentsOfFile: "\(base)/\(session(name)["id"] as! String)/report.html", encoding: .utf8)
        }
        func session(_ name: String) throws -> [String: Any] {
            try #require(try archive.sessions().first { ($0["recording_url"] as? String)?.hasSuffix(name) == true })
        }

        let broken = try report("broken.wav")
        Self.expectWellFormed(broken)
        #expect(broken.contains(#"<code class="error-code">corrupt_media</code>"#))
        #expect(broken.contains(FailureAdvice.text(for: "corrupt_media").htmlEscaped))
        #expect(!broken.contains("<svg"), "nothing to draw")

        let chatter = try report("internal-chatter.wav")
        Self.expectWellFormed(chatter)
        #expect(chatter.contains("No sales conversations were found in this recording."))
        let spans = try #require(try session("internal-chatter.wav")["segments"] as? [[String: Any]])
        #expect(
            !spans.isEmpty
                && spans.allSatisfy {
                    $0["is_sales_conversation"] as? Bool == false && $0["status"] as? String == "skipped"
                })
        #expect(Self.count(#"<rect class="band other "#, in: chatter) == spans.count)
        #expect(chatter.contains("callsift run MANIFEST --reanalyze"), "how to rescue a skipped span")

        let discovery = try report("discovery-call.wav")
        Self.expectWellFormed(discovery)
        #expect(discovery.contains(#"src="segments/segment-0.wav""#))
        #expect(discovery.contains("Jordan"))
        #expect(!discovery.contains("No sales conversations"))
    }

    @Test func unknownCodesFallBackToTheMessage() {
        #expect(FailureAdvice.text(for: "something_new") == "See the error message.")
        #expect(FailureAdvice.text(for: "no_speech") != FailureAdvice.text(for: "something_new"))
    }
}

extension String {
    /// As Mustache writes a value into the page.
    fileprivate var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
