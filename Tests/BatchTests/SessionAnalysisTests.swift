import Foundation
import Scoring
import Sessions
import TestSupport
import Testing
import Transcripts

/// Detection + analysis of a scripted day, and the records and files it makes (seeds 000 and 003).
@Suite struct SessionAnalysisTests {
    /// Two sales calls, internal chatter between them, a voicemail, and a third call back-to-back.
    static func day() throws -> Transcript {
        ScriptedCall.transcript(
            try ["discovery-call", "internal-chatter", "competitor-call", "voicemail", "pricing-call"].map(
                ScriptedCall.script))
    }

    static let session = DeterministicID.make(name: "tests/day")

    @Test func aDayGivesOneAnalyzedSegmentPerSalesCall() async throws {
        let result = try await SessionAnalysis.run(
            transcript: Self.day(), request: SessionRequest(sessionID: Self.session, orgID: "northwind", repID: "alex"))
        let session = result.session
        #expect(session.status == .completed)
        // Every span is a segment: the three calls, the internal talk and the voicemail.
        #expect(session.segmentsDetected == session.segments.count)
        #expect(
            session.segmentsDetected == session.segmentsAnalyzed + session.segmentsPendingReview
                + session.segmentsSkipped)
        #expect(session.segmentsAnalyzed == 3)
        #expect(session.conversations.map(\.customerName) == ["Jordan", "Priya", "Taylor"])
        #expect(session.conversations.map(\.detectedOutcome) == [.ongoing, .lost, .won])
        let others = session.segments.filter { !$0.isSalesConversation }
        #expect(Set(others.map(\.kind)) == [.internal, .voicemail])
        #expect(others.allSatisfy { $0.status == .skipped && $0.analysisID == nil && !$0.statusReason.isEmpty })
        #expect(result.analyses.count == 3)
        for (segment, record) in zip(session.conversations, result.analyses) {
            #expect(segment.analysisID == record.id)
            #expect(segment.analysisURL == "analyses/\(record.id).json")
            #expect(segment.analyzedAt != nil)
            #expect(record.parentSessionID == session.id)
            #expect(record.status == .completed)
            #expect(record.partnerRepID == "alex")
            #expect(record.analysis?.prospectName == segment.customerName)
            // The analysis sees only its own conversation.
            #expect(
                record.transcript.utterances.allSatisfy {
                    $0.start >= segment.startSeconds && $0.end <= segment.endSeconds
                })
            #expect(Set(record.transcript.utterances.map(\.speaker)) == ["rep", "customer"])
        }
    }

    @Test func idsAndAnalysesAreTheSameOnEveryRun() async throws {
        let first = try await SessionAnalysis.run(
            transcript: Self.day(), request: SessionRequest(sessionID: Self.session))
        let second = try await SessionAnalysis.run(
            transcript: Self.day(), request: SessionRequest(sessionID: Self.session))
        #expect(first.session.segments.map(\.id) == second.session.segments.map(\.id))
        #expect(first.analyses.map(\.id) == second.analyses.map(\.id))
        let encoder = BundleWriter.encoder
        #expect(
            try first.analyses.map { try encoder.encode($0.analysis) }
                == second.analyses.map { try encoder.encode($0.analysis) })
        let other = try await SessionAnalysis.run(
            transcript: Self.day(), request: SessionRequest(sessionID: DeterministicID.make(name: "tests/other")))
        #expect(Set(other.session.segments.map(\.id)).isDisjoint(with: first.session.segments.map(\.id)))
    }

    /// A resumed run keeps a stored analysis only when it is the same conversation by the same
    /// engine and not a stand-in for a failed model; every other one is analyzed again.
    @Test func onlyAnAnalysisOfTheSameSpanByTheSameEngineIsReused() async throws {
        let request = SessionRequest(sessionID: Self.session, orgID: "northwind", repID: "alex")
        let first = try await SessionAnalysis.run(transcript: Self.day(), request: request)
        #expect(first.analysisUsage.count == 3, "all three made, none reused")
        var stored = Dictionary(uniqueKeysWithValues: first.analyses.map { ($0.id, $0) })
        let ids = first.analyses.map(\.id)
        func mark(_ id: String, _ change: (inout Analysis) -> Void) {
            var analysis = stored[id]!.analysis!
            change(&analysis)
            analysis.recordingTitle = "stored"
            stored[id]!.analysis = analysis
        }
        mark(ids[0]) { _ in }
        mark(ids[1]) { $0.synthesisSnapshot.engine = "another-analyzer" }
        mark(ids[2]) { $0.synthesisSnapshot.startSeconds += 5 }
        let again = try await SessionAnalysis.run(transcript: Self.day(), request: request, reuse: stored)
        #expect(again.analyses.map { $0.analysis?.recordingTitle == "stored" } == [true, false, false])
        #expect(Set(again.analysisUsage.keys) == [ids[1], ids[2]], "only the redone ones are new work")

        mark(ids[0]) {
            $0.synthesisSnapshot.details = EngineDetails(
                fallback: "builtin", fallbackReason: "llm_timeout", model: "m", promptID: "p", promptVersion: "1",
                responseFormat: "none",
                playbookID: nil, promptOverrides: [], measurementsSent: [:], requests: 1)
        }
        let retried = try await SessionAnalysis.run(transcript: Self.day(), request: request, reuse: stored)
        #expect(retried.analyses[0].analysis?.recordingTitle != "stored", "a model's stand-in is asked again")
    }

    @Test func theConfidenceThresholdAndAutoAnalyzeDecideWhatIsAnalyzed() async throws {
        let strict = try await SessionAnalysis.run(
            transcript: Self.day(), request: SessionRequest(sessionID: Self.session, minConfidence: 1.0))
        #expect(strict.analyses.isEmpty)
        #expect(strict.session.segmentsPendingReview == 3)
        #expect(strict.session.conversations.allSatisfy { $0.analysisID == nil && $0.status == .needsReview })
        #expect(strict.session.segments.filter { !$0.isSalesConversation }.allSatisfy { $0.status == .skipped })

        let detectOnly = try await SessionAnalysis.run(
            transcript: Self.day(), request: SessionRequest(sessionID: Self.session, autoAnalyze: false))
        #expect(detectOnly.analyses.isEmpty)
        #expect(detectOnly.session.conversations.count == 3)
        #expect(detectOnly.session.segmentsDetected == detectOnly.session.segments.count)
        #expect(detectOnly.session.segmentsAnalyzed == 0)
        #expect(detectOnly.session.conversations.allSatisfy { $0.statusReason.contains("auto_analyze is off") })
        #expect(detectOnly.session.options["auto_analyze"] == .bool(false))
    }

    @Test func internalTalkAloneIsZeroConversationsAndASuccess() async throws {
        let transcript = ScriptedCall.transcript([try ScriptedCall.script("internal-chatter")])
        let result = try await SessionAnalysis.run(
            transcript: transcript, request: SessionRequest(sessionID: Self.session))
        #expect(result.session.status == .completed)
        #expect(result.session.conversations.isEmpty)
        #expect(result.session.segmentsAnalyzed == 0)
        let span = try #require(result.session.segments.first)
        #expect(result.session.segments.count == 1 && result.session.segmentsSkipped == 1)
        #expect(span.kind == .internal && !span.isSalesConversation && span.status == .skipped)
        #expect(span.statusReason.contains("not a sales conversation"))
    }

    @Test func anUnknownPlaybookIDFailsTheSessionWithItsCode() async throws {
        let day = try Self.day()
        do {
            _ = try await SessionAnalysis.run(
                transcript: day, request: SessionRequest(sessionID: Self.session, playbookID: "nope"))
            Issue.record("expected playbook_not_found")
        } catch {
            #expect(error.code == "playbook_not_found")
        }
    }

    @Test func theBundleHasTheSeedShapesAndNoTemporaryFiles() async throws {
        let directory = try temporaryDirectory("bundle")
        let result = try await SessionAnalysis.run(
            transcript: Self.day(),
            request: SessionRequest(sessionID: Self.session, recordingURL: "https://example.com/day 1.mp3?sig=a\"b"))
        try BundleWriter.write(result, to: directory)
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory).sorted()
        #expect(files == (["analyses", "session.json"] + result.analyses.map { "analyses/\($0.id).json" }).sorted())

        let session =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/session.json")))
            as! [String: Any]
        for field in [
            "id", "status", "duration_seconds", "segments_detected", "segments_analyzed", "segments_pending_review",
            "segments_skipped",
            "segments", "options", "metadata", "callback_url", "error", "created_at", "started_at", "completed_at",
            "partner_org_id",
            "partner_rep_id",
        ] {
            #expect(session.keys.contains(field), "the all-day session API session field \(field)")
        }
        #expect(session["error"] is NSNull)
        let segment = (session["segments"] as! [[String: Any]])[0]
        for field in [
            "id", "start_seconds", "end_seconds", "confidence", "customer_name", "is_sales_conversation",
            "detected_outcome", "summary",
            "status", "analysis_id", "analysis_url", "created_at", "analyzed_at", "playback",
        ] {
            #expect(segment.keys.contains(field), "the all-day session API segment field \(field)")
        }
        let playback = segment["playback"] as! [String: Any]
        #expect((playback["ffmpeg_extract"] as! String).hasPrefix("ffmpeg -ss 0 -to "))
        #expect(
            (playback["ffmpeg_extract"] as! String).contains(
                #"-i "https://example.com/day 1.mp3?sig=a\"b" -c copy segment.mp3"#))
        #expect((playback["browser_seek_js"] as! String).contains("audio.currentTime = 0;"))

        let analysis =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(segment["analysis_url"] as! String)")))
            as! [String: Any]
        for field in [
            "id", "status", "recording_url", "transcript_url", "callback_url", "options", "metadata", "transcript",
            "analysis", "error",
            "duration_seconds", "cost_usd_cents", "created_at", "started_at", "completed_at", "partner_org_id",
            "partner_rep_id",
            "parent_session_id",
        ] {
            #expect(analysis.keys.contains(field), "the analysis API record field \(field)")
        }
        let transcript = analysis["transcript"] as! [String: Any]
        for field in [
            "text", "utterances", "words", "word_count", "duration_seconds", "overall_sentiment", "sentiment_score",
        ] {
            #expect(transcript.keys.contains(field), "the analysis API transcript field \(field)")
        }
        let line = (transcript["utterances"] as! [[String: Any]])[0]
        #expect(Set(line.keys) == ["start", "end", "speaker", "transcript", "text"])
    }

    @Test func deterministicIDsAreVersion5UUIDs() {
        // RFC 9562's name-based example: the DNS namespace and "www.example.com".
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        #expect(
            DeterministicID.make(namespace: dns, name: "www.example.com").lowercasedID
                == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(
            DeterministicID.sha256(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
