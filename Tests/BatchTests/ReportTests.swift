import Foundation
import Scoring
import TestSupport
import Testing
import Transcripts

@testable import Reports
@testable import Sessions

/// `report.html`: what a person sees of a session, rendered from real records.
@Suite struct ReportTests {
    /// Three sales calls with internal chatter and a voicemail between them.
    static func day(recordingURL: String? = "/archive/day.wav") async throws -> SessionAnalysis.Result {
        let request = SessionRequest(
            sessionID: DeterministicID.make(name: "tests/report"), recordingURL: recordingURL, orgID: "northwind",
            repID: "alex")
        return try await SessionAnalysis.run(transcript: try dayTranscript(), request: request)
    }

    static func dayTranscript() throws -> Transcript {
        ScriptedCall.transcript(
            try ["discovery-call", "internal-chatter", "competitor-call", "voicemail", "pricing-call"].map(
                ScriptedCall.script))
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

    @Test func aDayHasABandPerSegmentColoredByOutcomeAndBarsAsLongAsTheScores() async throws {
        let result = try await Self.day()
        let transcript = try Self.dayTranscript()
        let sales = result.session.segments.indices.filter { result.session.segments[$0].isSalesConversation }
        let files = Dictionary(uniqueKeysWithValues: sales.map { ($0, "/out/segments/segment-\($0).wav") })
        let html = try SessionReport.render(
            session: result.session, analyses: result.analyses, segmentFiles: files, transcript: transcript)
        Self.expectWellFormed(html)
        #expect(result.session.conversations.count == 3 && result.session.segments.count == 5)
        #expect(Self.count(#"<rect class="band "#, in: html) == 5)
        // A sales band carries its outcome and status; its overall score is written on it.
        let scores = Dictionary(
            uniqueKeysWithValues: result.analyses.compactMap { record in
                record.analysis.map { (record.id, $0.overallScore) }
            })
        for segment in result.session.conversations {
            let kind =
                segment.status == .skipped
                ? "skipped" : "\(segment.detectedOutcome.rawValue) \(segment.status.rawValue)"
            #expect(html.contains(#"<rect class="band \#(kind)""#), "\(kind)")
            if let id = segment.analysisID, let score = scores[id] {
                #expect(html.contains(#"<text class="band-score""#) && html.contains(#">\#(score)</text>"#))
            }
        }
        #expect(
            Set(result.session.conversations.map(\.detectedOutcome)).count > 1, "more than one outcome to tell apart")
        // The spans that are not sales are listed with the reason they were skipped, and the command that scores them.
        #expect(Self.count(#"<tr class="other">"#, in: html) == 2)
        for span in result.session.segments where !span.isSalesConversation {
            #expect(html.contains(span.statusReason.htmlEscaped))
            #expect(html.contains(SessionReportView.rescoreCommand(span)))
        }
        #expect(
            SessionReportView.rescoreCommand(result.session.segments[1]).hasPrefix(
                "callsift analyze transcript.json --min-confidence "))
        #expect(Self.count(#"<rect class="band other internal""#, in: html) == 1)
        #expect(Self.count(#"<rect class="band other voicemail""#, in: html) == 1)
        #expect(html.contains("<title>Jordan · ongoing · confidence "))
        #expect(html.contains(#"<text x="0" y="70" text-anchor="middle">0:00</text>"#), "a tick at the start")

        // Each analyzed call: its five interaction figures, its transcript under the player, and
        // every moment a link into its own segment file on the segment's clock.
        for segment in result.session.conversations where segment.status == .analyzed {
            let index = try #require(result.session.segments.firstIndex { $0.id == segment.id })
            let section = try #require(
                html.firstMatch(
                    of: try Regex(#"<section class="conversation[^"]*" id="conv-\#(index + 1)">(.*?)</section>"#)
                        .dotMatchesNewlines()))
            let body = String(try #require(section.output[1].substring))
            let slice = CallSlice.cut(transcript, from: segment.startSeconds, to: segment.endSeconds)
            let figures = InteractionFigures(slice)
            #expect(body.contains(#"<li data-figure="questions"><b>\#(figures.questionsAsked)</b>"#))
            #expect(
                body.contains(
                    #"<li data-figure="talk_share"><b>\#(Int(((figures.repTalkShare ?? 0) * 100).rounded())) %</b>"#))
            #expect(Self.count("<li data-figure=", in: body) == 5)
            #expect(
                body.contains(
                    #"<audio class="player segment" controls preload="metadata" src="segments/segment-\#(index).wav">"#)
            )
            let lines = body.matches(
                of: #/<li class="(rep|customer|unknown)"><a class="at" href="([^"]+)" data-t="([\d.]+)">/#)
            #expect(lines.count == slice.utterances.count && !lines.isEmpty)
            for (line, utterance) in zip(lines, slice.utterances) {
                let offset = ((max(0, utterance.start - segment.startSeconds)) * 10).rounded(.down) / 10
                #expect(String(line.output.2) == "segments/segment-\(index).wav#t=\(Playback.number(offset))")
            }
            let analysis = try #require(result.analyses.first { $0.id == segment.analysisID }?.analysis)
            // The timeline: phases drawn under the player, every key moment a dot and a table row that play it.
            let timeline = try #require(analysis.timeline)
            #expect(Self.count(#"<rect class="phase "#, in: body) == timeline.phases.count)
            #expect(
                Self.count(#"<circle class="moment "#, in: body) == timeline.moments.count && !timeline.moments.isEmpty)
            for moment in timeline.moments {
                let offset =
                    ((max(moment.startSeconds, segment.startSeconds) - segment.startSeconds) * 10).rounded(.down) / 10
                #expect(
                    body.contains(#"href="segments/segment-\#(index).wav#t=\#(Playback.number(offset))""#)
                        && body.contains(
                            "\(Quote.clock(max(moment.startSeconds, segment.startSeconds))) in the recording"),
                    "\(moment.quote)")
                #expect(body.contains(#"<span class="muted">\#(moment.id)</span>"#))
            }
            // Coaching quotes illustrate their pillar.
            let (best, worst) = analysis.extremes
            for pillar in [best, worst] {
                for quote in analysis.evidence[pillar.rawValue]?.quotes ?? []
                where body.contains("“\(quote.text.htmlEscaped)”</li>") {
                    #expect(pillar.isIllustrated(by: quote.text, speaker: quote.speaker), "\(pillar): \(quote.text)")
                }
            }
        }
        #expect(Self.count("<script>", in: html) == 1, "the click-to-play script, once")
        #expect(!html.contains("src=\"http") && !html.contains("<link"), "nothing fetched from anywhere")

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
        #expect(!html.contains(#"class="player original""#), "a local recording has no URL to play from")
    }

    /// A feedback line that cites a greeting as its example loses the example, and says so.
    @Test func aCoachingQuoteThatDoesNotShowThePillarIsLeftOut() async throws {
        let result = try await Self.day()
        var analysis = try #require(result.analyses.compactMap(\.analysis).first)
        analysis.feedbackV5.influence.negative =
            "No statement of what the customer gains, e.g. at 2:14 “Hello, Priya.” Say what changes for them."
        let player = MomentLink.Player(
            segmentFile: "segments/segment-0.wav", recordingURL: nil, startSeconds: 0, endSeconds: 300)
        let line = CoachingView(
            pillar: .influence, analysis: analysis, feedback: analysis.feedbackV5.influence.negative, player: player)
        #expect(line.feedback == "No statement of what the customer gains. Say what changes for them.")
        #expect(line.leftOut?.hasPrefix("1 quote left out") == true && line.leftOut?.hasSuffix("influence") == true)
        let kept = CoachingView(
            pillar: .influence, analysis: analysis,
            feedback: "Claims had no proof: at 1:02 “You save forty percent on the plan.” stands alone.", player: player
        )
        #expect(kept.feedback.contains("“You save forty percent on the plan.”"))
        #expect(!Analysis.Pillar.discovery.isIllustrated(by: "Hello, Priya.", speaker: "rep"))
        #expect(Analysis.Pillar.discovery.isIllustrated(by: "How do you handle scheduling today?", speaker: "rep"))
        #expect(!Analysis.Pillar.close.isIllustrated(by: "Hello, Priya.", speaker: "rep"))
        #expect(Analysis.Pillar.close.isIllustrated(by: "Does Tuesday at ten work for a demo?", speaker: "rep"))
    }

    @Test func anHTTPRecordingIsPlayedFromTheConversationsOffsets() async throws {
        let result = try await Self.day(recordingURL: "https://calls.example.com/day.mp3?sig=a&v=1")
        let html = try SessionReport.render(
            session: result.session, analyses: result.analyses, segmentFiles: [:], transcript: nil)
        let first = result.session.segments[0]
        #expect(
            html.contains(
                #"class="player original" controls preload="metadata" src="https://calls.example.com/day.mp3?sig=a&amp;v=1#t=\#(Playback.number(first.startSeconds)),\#(Playback.number(first.endSeconds))""#
            ))
        // Without a cut, a moment plays from the original at the recording's own time.
        let moment = try #require(result.analyses.compactMap(\.analysis?.timeline).flatMap(\.moments).first)
        #expect(
            html.contains(
                #"href="https://calls.example.com/day.mp3?sig=a&amp;v=1#t=\#(Playback.number((moment.startSeconds * 10).rounded(.down) / 10))""#
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
        let html = try SessionReport.render(
            session: result.session, analyses: result.analyses, segmentFiles: [:], transcript: try Self.dayTranscript())
        Self.expectWellFormed(html)
        #expect(!html.contains("<script>alert"))
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
        #expect(chatter.contains("No sales conversations were found in this recording: "))
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
