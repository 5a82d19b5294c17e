import Foundation
import Scoring
import TestSupport
import Testing
import Transcripts

/// The built-in analyzer on the samples' scripts (each a real sales situation written by hand) and
/// on calls crafted to show one behaviour.
@Suite struct AnalyzerTests {
    static func analyze(_ lines: [String], startingAt start: Double = 0, prospect: String? = nil) -> Analysis {
        let utterances = ScriptedCall.utterances(lines, startingAt: start)
        let call = CallSlice(
            utterances: utterances, repSpeakers: [0], startSeconds: utterances.first?.start ?? start,
            endSeconds: utterances.last?.end ?? start,
            prospectName: prospect, repName: "Alex")
        return BuiltInAnalyzer().analyzeNow(call)
    }

    static func sample(_ name: String, startingAt start: Double = 0) throws -> Analysis {
        analyze(try ScriptedCall.script(name), startingAt: start)
    }

    static let timestamp = try! NSRegularExpression(pattern: #"\b\d+:\d\d\b"#)

    static func citesTime(_ text: String) -> Bool {
        timestamp.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func theDiscoveryCallClosesOnADatedDemoAndHandlesItsObjection() throws {
        let analysis = try Self.sample("discovery-call")
        #expect(analysis.closeScore == 100, "ask, dated step and commitment: \(analysis.feedbackV5.close)")
        #expect(analysis.objectionScore == 100, "\(analysis.feedbackV5.objection)")
        let objection = try #require(analysis.moments.first { $0.type == .objection })
        #expect(objection.quote.contains("My concern is the contract"))
        #expect(objection.detail.contains("risk"))
        #expect(analysis.moments.contains { $0.type == .commitment && $0.quote.contains("Tuesday at ten works") })
        #expect(analysis.moments.contains { $0.type == .nextStep && $0.detail.hasSuffix("dated") })
        #expect(analysis.questionsAsked >= 3)
        #expect(analysis.evidence["discovery"]!.measures["open_questions"]! >= 2)
    }

    @Test func theLostCallScoresBelowTheWonOnes() throws {
        let lost = try Self.sample("competitor-call")
        let won = try Self.sample("renewal-call")
        let booked = try Self.sample("discovery-call")
        #expect(lost.overallScore < won.overallScore)
        #expect(lost.overallScore < booked.overallScore)
        #expect(lost.closeScore < 100)
        #expect(lost.feedbackV5.close.negative.contains("no date"))
        let categories = lost.moments.filter { $0.type == .objection }.map(\.detail).joined(separator: " ")
        #expect(categories.contains("competitor"))
        #expect(categories.contains("price"))
    }

    @Test func proofAndFiguresRaiseInfluence() throws {
        let pricing = try Self.sample("pricing-call")
        let measures = pricing.evidence["influence"]!.measures
        #expect(measures["proof_statements"]! >= 1, "“Customers your size usually save around twenty percent”")
        #expect(measures["quantified_claims"]! >= 2)
        #expect(pricing.influenceScore >= 70)
        let plain = Self.analyze([
            "REP: Hi, this is Alex from Northwind Telecom. Is this Sam?",
            "CUSTOMER: Yes. We are looking at new phones and the price matters.",
            "REP: We have phones. We sell plans. I can send you something.",
            "CUSTOMER: Okay, send it.",
        ])
        #expect(plain.influenceScore < pricing.influenceScore)
        #expect(plain.feedbackV5.influence.negative.contains("No statement of what the customer gains"))
    }

    @Test func anUnansweredAuthorityObjectionScoresLow() throws {
        let analysis = try Self.sample("authority-call")
        #expect(analysis.moments.contains { $0.type == .objection && $0.detail.contains("authority") })
        #expect(analysis.objectionScore < 60, "\(analysis.feedbackV5.objection)")
        #expect(analysis.closeScore < 100)
    }

    @Test func aCallWithoutObjectionsLeavesThatPillarOutOfTheOverallScore() {
        let analysis = Self.analyze([
            "REP: Hi Sam, this is Alex from Northwind Telecom. How are your phones working for the new office?",
            "CUSTOMER: Really well, thanks. The team likes the new numbers.",
            "REP: Great to hear. What would make the setup even easier for you?",
            "CUSTOMER: Maybe a second line for the front desk.",
            "REP: I can add that today at the same price. Shall we go ahead?",
            "CUSTOMER: Yes, let's do it.",
        ])
        let evidence = analysis.evidence["objection"]!
        #expect(!evidence.measured)
        #expect(analysis.objectionScore == 50)
        #expect(analysis.synthesisSnapshot.unmeasuredPillars == ["objection"])
        let others = [
            analysis.clarityScore, analysis.influenceScore, analysis.discoveryScore, analysis.deliveryScore,
            analysis.closeScore,
        ]
        #expect(analysis.overallScore == Int((Double(others.reduce(0, +)) / 5).rounded()))
    }

    @Test func fillersAndJargonCostClarity() {
        let clean = Self.analyze([
            "REP: Our plan puts every line on one bill, so you see all costs in one place.",
            "CUSTOMER: That would help.",
        ])
        let cluttered = Self.analyze([
            "REP: Um, so our plan, you know, basically leverages synergy, uh, so you see, like, all costs in one place.",
            "CUSTOMER: That would help.",
        ])
        #expect(cluttered.fillerWordCount == 4, "um, you know, basically, uh")
        #expect(clean.fillerWordCount == 0)
        #expect(cluttered.clarityScore < clean.clarityScore)
        #expect(cluttered.evidence["clarity"]!.measures["jargon_terms"] == 2)
        #expect(cluttered.feedbackV5.clarity.negative.contains("filler"))
    }

    @Test func cuttingInCostsDelivery() {
        var utterances = ScriptedCall.utterances([
            "CUSTOMER: We have three carriers and the bills arrive on different days every month.",
            "REP: We can put all of them on one bill for you.",
        ])
        let polite = CallSlice(utterances: utterances, repSpeakers: [0], startSeconds: 0, endSeconds: utterances[1].end)
        // The rep starts two seconds before the customer has finished.
        let shift = utterances[1].start - (utterances[0].end - 2)
        utterances[1].start -= shift
        utterances[1].end -= shift
        utterances[1].words = utterances[1].words.map {
            var word = $0
            word.start -= shift
            word.end -= shift
            return word
        }
        let rude = CallSlice(utterances: utterances, repSpeakers: [0], startSeconds: 0, endSeconds: utterances[0].end)
        let before = BuiltInAnalyzer().analyzeNow(polite)
        let after = BuiltInAnalyzer().analyzeNow(rude)
        #expect(after.evidence["delivery"]!.measures["interruptions"] == 1)
        #expect(before.evidence["delivery"]!.measures["interruptions"] == 0)
        #expect(after.deliveryScore == before.deliveryScore - 10)
        #expect(after.feedbackV5.delivery.negative.contains("cut in"))
    }

    @Test func measuredPitchVariationEntersDelivery() {
        let lines = [
            "CUSTOMER: What does it cost?", "REP: Thirty five dollars a person, with no extra charges for calls.",
        ]
        let utterances = ScriptedCall.utterances(lines)
        func delivery(_ prosody: Prosody?) -> Analysis {
            BuiltInAnalyzer().analyzeNow(
                CallSlice(utterances: utterances, repSpeakers: [0], startSeconds: 0, endSeconds: 10, prosody: prosody))
        }
        let flat = delivery(Prosody(pitchVariationSemitones: 0.5, medianPitchHz: 110, voicedSeconds: 3))
        let lively = delivery(Prosody(pitchVariationSemitones: 4, medianPitchHz: 110, voicedSeconds: 3))
        #expect(lively.deliveryScore - flat.deliveryScore == 20)
        #expect(flat.evidence["delivery"]!.measures["pitch_variation_semitones"] == 0.5)
        #expect(delivery(nil).evidence["delivery"]!.measures["pitch_variation_semitones"] == nil)
    }

    @Test(arguments: ["discovery-call", "renewal-call", "competitor-call", "authority-call", "pricing-call"])
    func everyPieceOfFeedbackCitesThisCall(script: String) throws {
        let analysis = try Self.sample(script, startingAt: 3600)
        let feedback = analysis.feedbackV5
        for pair in [
            feedback.clarity, feedback.influence, feedback.objection, feedback.discovery, feedback.delivery,
            feedback.close,
        ] {
            #expect(Self.citesTime(pair.positive) || pair.positive.contains("words per minute"), "\(pair.positive)")
        }
        let plan = analysis.actionPlanV5
        for text in [
            plan.doubleDownImplementation, plan.generalCommunicationImprovement, plan.quotedPrinciple,
            analysis.doubleDown,
        ] {
            #expect(Self.citesTime(text), "\(text)")
        }
        // Times are the source recording's: this call starts an hour in.
        for moment in analysis.moments { #expect(moment.startSeconds >= 3600 && moment.timestamp.hasPrefix("1:")) }
        for (pillar, evidence) in analysis.evidence {
            #expect(!evidence.formula.isEmpty, "\(pillar)")
            for quote in evidence.quotes { #expect(quote.startSeconds >= 3600) }
        }
        for score in Analysis.Pillar.allCases.map(analysis.score) + [analysis.overallScore] {
            #expect((0...100).contains(score))
        }
    }

    @Test func theSameCallGivesTheSameBytes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let first = try encoder.encode(Self.sample("renewal-call"))
        let second = try encoder.encode(Self.sample("renewal-call"))
        #expect(first == second)
        let object = try JSONSerialization.jsonObject(with: first) as! [String: Any]
        for field in [
            "prospect_name", "recording_title", "double_down", "ai_summary", "ai_summary_v5", "questions_asked",
            "filler_word_count",
            "words_per_minute", "overall_score", "clarity_score", "influence_score", "objection_score",
            "discovery_score",
            "delivery_score", "close_score", "feedback_v5", "action_plan_v5", "organization_prompt_summary",
            "organization_feedback",
            "master_prompt_id", "master_prompt_version", "persona_snapshot", "synthesis_snapshot", "moments",
            "evidence",
        ] {
            #expect(object.keys.contains(field), "the analysis API field \(field)")
        }
    }

    @Test func aPlaybookIsCheckedAndReported() throws {
        let library = try PlaybookLibrary(
            directory: ScriptedCall.repositoryRoot.appendingPathComponent("playbooks").path)
        let resolution = try #require(
            try library.resolve(content: nil, playbookID: nil, orgID: "northwind", repID: "alex"))
        let utterances = ScriptedCall.utterances(try ScriptedCall.script("discovery-call"))
        let analysis = BuiltInAnalyzer().analyzeNow(
            CallSlice(utterances: utterances, repSpeakers: [0], startSeconds: 0, endSeconds: utterances.last!.end),
            playbook: resolution)
        #expect(analysis.synthesisSnapshot.playbookVia == "rep")
        #expect(analysis.synthesisSnapshot.playbookID == resolution.playbook.id)
        #expect(analysis.organizationPromptSummary?.contains(resolution.playbook.name) == true)
        #expect(analysis.organizationFeedback.map(Self.citesTime) == true)
        #expect(Self.analyze(try ScriptedCall.script("discovery-call")).organizationFeedback == nil)
    }

    /// No score is computed from English word lists on words of another language.
    @Test func theBuiltInAnalyzerRefusesACallInALanguageItHasNoWordListsFor() async throws {
        let utterances = ScriptedCall.utterances(
            ["REP: Buenos días, le llamo de Solaris.", "CUSTOMER: Envíeme el contrato, por favor."], startingAt: 0)
        var call = CallSlice(utterances: utterances, repSpeakers: [0], startSeconds: 0, endSeconds: 10, language: "de")
        await #expect(throws: LanguageUnsupported(language: "de")) {
            try await BuiltInAnalyzer().analyze(call, playbook: nil)
        }
        #expect(LanguageUnsupported(language: "de").code == "language_unsupported")
        #expect(LanguageUnsupported(language: "de").message.contains("German (de)"))
        call.language = "en"
        _ = try await BuiltInAnalyzer().analyze(call, playbook: nil)
    }
}
