import Conversations
import Foundation
import Testing
import Transcription
import Transcripts

/// The detector's rules on small hand-made transcripts: pauses from the audio, holds, every span a
/// segment with its reason, one voice that sells, names.
struct DetectorRulesTests {
    /// (speaker, start, text): each line's words spread over 0.35 s each.
    typealias Line = (speaker: Int, start: Double, text: String)

    static func transcript(_ lines: [Line], duration: Double, speech: [TimeSpan]? = nil) -> Transcript {
        var words: [Word] = []
        for line in lines {
            for (index, token) in line.text.split(separator: " ").enumerated() {
                let start = line.start + Double(index) * 0.35
                words.append(
                    Word(
                        word: token.lowercased().trimmingCharacters(in: .punctuationCharacters),
                        punctuatedWord: String(token), start: start,
                        end: start + 0.3, confidence: 0.9, speaker: line.speaker, channel: 0))
            }
        }
        let imported = ImportedTranscript(
            format: "test", words: words, utterances: nil, channels: 1, durationSeconds: duration, language: "en",
            model: nil)
        var transcript = TranscriptAssembler.assemble(
            imported: imported, engine: "test", durationSeconds: duration, skipDiarization: false)
        transcript.voiceActivity = speech.map { VoiceActivity(method: "test", padSeconds: 0, regions: $0) }
        return transcript
    }

    /// The segments of `lines`, each line heard by the voice-activity detector for `talking` seconds.
    static func detect(_ lines: [Line], duration: Double, talking: Double = 4.5) -> [ConversationSegment] {
        ConversationDetector.detect(
            transcript(
                lines, duration: duration, speech: lines.map { TimeSpan(start: $0.start, end: $0.start + talking) }))
    }

    static let call: [Line] = [
        (0, 0, "Hi, this is Alex from Northwind. Am I speaking with Jordan?"),
        (1, 5, "Yes, this is Jordan."),
        (0, 8, "Great. How are you handling phone costs today? Our plans start at twenty dollars."),
        (1, 14, "The price matters. Send me a quote and the contract terms."),
        (0, 20, "Will do. Does Tuesday at ten work for a demo?"),
        (1, 25, "Tuesday at ten works."),
        (0, 28, "Thanks for your time, Jordan. Talk to you Tuesday."),
    ]

    @Test func missingWordsOverSpeechAreNotAPause() throws {
        // The same call with its last lines 30 s later, no words between, and the customer heard
        // as another voice after the gap: the audio says someone talked all along.
        let lines: [Line] = Self.call.map { line in
            (
                line.start >= 14 && line.speaker == 1 ? 2 : line.speaker,
                line.start >= 14 ? line.start + 30 : line.start, line.text
            )
        }
        let heard = Self.transcript(lines, duration: 70, speech: [TimeSpan(start: 0, end: 62)])
        let segments = ConversationDetector.detect(heard)
        #expect(segments.count == 1, "\(segments.map(\.signals))")
        #expect(
            try #require(segments.first).signals.contains { $0.contains("no words for") && $0.contains("not a pause") })
        // Without voice activity the word gap is all there is: it cuts.
        #expect(ConversationDetector.detect(Self.transcript(lines, duration: 70)).count == 2)
    }

    @Test func aHoldWithTheSameCustomerOnBothSidesIsNotANewCall() {
        let lines: [Line] =
            Array(Self.call.prefix(4)) + Self.call.dropFirst(4).map { ($0.speaker, $0.start + 45, $0.text) }
        let segments = Self.detect(lines, duration: 90)
        #expect(segments.count == 1)
        #expect(segments.first?.signals.contains { $0.contains("a hold") } == true, "\(segments.first?.signals ?? [])")
    }

    @Test func everySpanIsASegmentWithItsReason() throws {
        let chatter: [Line] = [
            (0, 60, "Hey, do you have a minute about lunch?"),
            (2, 63, "Sure, the team meeting moved to two, my manager said."),
            (0, 67, "Great, see you there."),
        ]
        let blip: [Line] = [(0, 120, "Hello?")]
        let lines = Self.call + chatter + blip
        let segments = Self.detect(lines, duration: 130)
        #expect(segments.map(\.kind) == [.sales, .internal, .fragment], "\(segments.map(\.signals))")
        #expect(segments[0].status == .analyzed && segments[0].statusReason.contains("min_confidence"))
        #expect(
            segments[1].status == .skipped && !segments[1].isSalesConversation
                && segments[1].statusReason.contains("not a sales conversation"))
        #expect(segments[2].status == .skipped && segments[2].statusReason.contains("fragment"))
    }

    @Test func aColleagueWhoWalksOverRightAfterACallIsNotTheSameConversation() throws {
        // The call's farewells went unheard; 3 s later a voice the recording has not heard before
        // talks about the deal. The same lines from the customer, heard before, stay one call.
        let call: [Line] = Self.call.dropLast() + [(0, 28, "Perfect. I will send the quote right after this.")]
        func day(colleague: Int) -> [ConversationSegment] {
            let chat: [Line] = [
                (colleague, 34.5, "Was that the Jordan account? How did it go?"),
                (0, 38, "Good. Twenty a seat, locked for two years."),
                (colleague, 42, "Nice. Did Karen sign off on the two year lock?"),
                (0, 46, "She did on Monday. Lunch later?"),
                (colleague, 49, "Sure, the taco place at noon."),
            ]
            let lines = call + chat
            return Self.detect(lines, duration: 55, talking: 3)
        }
        let segments = day(colleague: 2)
        #expect(segments.map(\.kind) == [.sales, .internal], "\(segments.map(\.signals))")
        #expect(try #require(segments.last).signals.contains { $0.contains("to one not heard before") })
        #expect(day(colleague: 1).count == 1)
    }

    @Test func aPhoneMenuNobodyAnsweredIsAnAutomatedLineNotAConversation() throws {
        let menu: [Line] = [
            (
                3, 60,
                "Thank you for calling Brightpath support. Calls may be recorded for quality and training purposes."
            ),
            (3, 70, "Please hold for the next available agent."),
            (3, 100, "Your call is important to us. Please stay on the line."),
            (0, 125, "Hello? Anyone there?"),
        ]
        let lines = Self.call + menu
        let segments = Self.detect(lines, duration: 130, talking: 6)
        #expect(segments.map(\.kind) == [.sales, .automated], "\(segments.map(\.signals))")
        let line = try #require(segments.last)
        #expect(line.status == .skipped && !line.isSalesConversation && line.statusReason.contains("automated line"))
        #expect(!line.kind.isConversation)
        // Answered after the menu, it is a call like any other.
        let dialled: [Line] =
            menu.prefix(2).map { ($0.speaker, $0.start - 60, $0.text) }
            + Self.call.map { ($0.speaker, $0.start + 20, $0.text) }
        let withMenu = Self.detect(dialled, duration: 60, talking: 6)
        #expect(withMenu.contains { $0.kind == .sales }, "\(withMenu.map(\.signals))")
        #expect(!withMenu.contains { $0.kind == .automated && $0.endSeconds > 30 })
    }

    @Test func theRepsIntroductionAfterTheCustomersHelloIsTheSameCall() {
        // A cold call: the customer answers, the rep checks who it is, then introduces himself
        // 11 s in. Only a real pause would start another conversation that early.
        let lines: [Line] = [
            (1, 0, "Good afternoon."),
            (0, 1.5, "Good afternoon. Is this the person who looks after the building?"),
            (1, 6.5, "Well, I suppose that's me these days. Harold."),
            (0, 11, "Nice to meet you. I'm Kwame from Sparkline, we clean churches and halls."),
            (1, 17, "I see. What does that cost?"),
            (0, 20, "For a hall your size about four hundred a month, and we can send a quote."),
            (1, 26, "Send the quote and I'll pass it to the council."),
            (0, 30, "Will do. Thanks for your time."),
        ]
        let segments = Self.detect(lines, duration: 40)
        #expect(segments.count == 1, "\(segments.map(\.signals))")
        #expect(segments.first?.kind == .sales)
    }

    @Test func aFollowUpCallThatEndsInARefusalIsALostSale() throws {
        // Few selling words: a follow-up, a competitor chosen, the rep asking to check back.
        let lines: [Line] = [
            (0, 0, "Hi Wes, it's Callum. We spoke a couple of weeks back about the Tennessee lane."),
            (1, 6, "Yeah, I meant to ring you. We're going with Ridgeline on that lane."),
            (0, 12, "Okay. Can I ask what made the difference?"),
            (1, 16, "Their rate was lower and my boss made the call."),
            (0, 21, "Understood. Would it be alright if I checked back in six months?"),
            (1, 27, "Sure, you can check."),
            (0, 30, "Thanks for being straight with me, take care."),
        ]
        let segment = try #require(Self.detect(lines, duration: 40).first)
        #expect(segment.kind == .sales, "\(segment.statusReason)")
        #expect(segment.detectedOutcome == .lost, "\(segment.summary)")
    }

    @Test func aReceptionistHandingTheCallOnIsTheSameCall() throws {
        // A receptionist, 14 s on hold, then the decision maker and the rep introducing again; the
        // decision maker's words heard under the rep's label, as diarization often does.
        let lines: [Line] = [
            (2, 0, "Maple Court Senior Living, front desk, how may I direct your call?"),
            (0, 4, "Good afternoon, could I speak to Gerald Boatwright, please? It's Wendell from Crestline."),
            (2, 10, "One moment, let me see if he's in."),
            (
                0, 28,
                "This is Gerald. Hi Gerald, it's Wendell from Crestline, about the linen proposal and the pricing."
            ),
            (0, 36, "Ah, Wendell. Well, the board met on Tuesday, and they went with the other bid."),
            (0, 44, "Understood. Is the contract signed already?"),
            (
                0, 50,
                "It is, three years. They were cheaper on the towels and the kitchen linen, and the board liked that."
            ),
            (
                0, 58,
                "That makes sense. If anything changes with the service, would you keep us in mind for the kitchen?"
            ),
            (0, 66, "I will. Sorry. Thanks for all your work, you were very responsive."),
        ]
        let segments = Self.detect(lines, duration: 75)
        #expect(segments.count == 1, "\(segments.map(\.signals))")
        let segment = try #require(segments.first)
        #expect(segment.signals.contains { $0.contains("handed on") }, "\(segment.signals)")
        #expect(segment.kind == .sales && segment.detectedOutcome == .lost, "\(segment.summary)")
    }

    @Test func theCustomersLastDecisiveWordsDecide() throws {
        // An early "we already have a provider" is an objection; the close comes at the end, in
        // words that name no contract: a yes all the same.
        let lines: [Line] = [
            (0, 0, "Hi Dale, it's Marisol with Routewise. We met at the landscape expo."),
            (1, 6, "Right. Look, I'll tell you upfront, we already have a provider for the trackers."),
            (0, 12, "Sure. Those show dots on a map. Ours shows hours on each property, for 29 a truck a month."),
            (1, 19, "Huh. That would settle the billing fights with the crews."),
            (0, 25, "It would. Twelve months, and the install is free."),
            (1, 31, "Alright. Okay, put us down for the twelve month. Nine trucks."),
            (0, 37, "Perfect, thanks Dale."),
        ]
        let segment = try #require(Self.detect(lines, duration: 45).first)
        #expect(segment.detectedOutcome == .won, "\(segment.summary)")
        #expect(segment.summary.contains("put us down"), "\(segment.summary)")
    }

    @Test func aPriceQuotedPerMonthIsSelling() throws {
        // A cold call whose only selling words are a price per month and a refusal.
        let lines: [Line] = [
            (0, 0, "Hi, this is Mary. I'm looking for whoever runs dispatch."),
            (1, 4, "You got him. What's up?"),
            (0, 7, "We do GPS tracking for towing companies. How many trucks are you running?"),
            (1, 12, "Six."),
            (0, 14, "For six trucks with the hard wired units you'd be at 34 a truck a month."),
            (1, 20, "So that's two hundred a month. No, we're gonna hold off this year."),
            (0, 26, "I appreciate you being straight with me. Take care."),
        ]
        let segment = try #require(Self.detect(lines, duration: 35).first)
        #expect(segment.kind == .sales, "\(segment.statusReason) \(segment.signals)")
        #expect(segment.signals.contains { $0.contains("a price quoted") }, "\(segment.signals)")
        #expect(segment.detectedOutcome == .lost, "\(segment.summary)")
    }

    @Test func aSaleHeardAsOneVoiceIsLeftForReview() throws {
        let oneVoice: [Line] = Self.call.map { (0, $0.start, $0.text) }
        let segment = try #require(Self.detect(oneVoice, duration: 40).first)
        #expect(segment.kind == .sales)
        #expect(segment.status == .needsReview)
        #expect(segment.statusReason.contains("only one voice"))
        #expect(segment.signals.contains { $0.contains("one voice") })
    }

    @Test func namesComeWithEvidenceAndTheKnownRepName() throws {
        let speech = Self.call.map { TimeSpan(start: $0.start, end: $0.start + 4.5) }
        let transcript = Self.transcript(Self.call, duration: 40, speech: speech)
        let heard = try #require(ConversationDetector.detect(transcript).first)
        #expect(heard.repName == "Alex")
        #expect(heard.customerName == "Jordan")
        let evidence = try #require(heard.customerNameEvidence)
        #expect(evidence.mentions == 3, "“Am I speaking with Jordan”, “this is Jordan”, “Thanks for your time, Jordan”")
        #expect(evidence.quote.contains("Jordan") && evidence.startSeconds == 0)
        // The manifest knows the rep as Alexandra: that name is used, never a mishearing.
        let known = try #require(ConversationDetector.detect(transcript, options: .init(repName: "Alexandra")).first)
        #expect(known.repName == "Alexandra")
    }

    @Test func aLowerMinConfidenceAnalyzesSpansJudgedInternal() throws {
        let talk: [Line] = [
            (0, 0, "So about the Acme deal, they want a discount on the annual plan."),
            (1, 5, "Their budget is tight, the price and the contract need approval from my manager."),
            (0, 11, "Ok, I will ask for the quote and the proposal."),
        ]
        let speech = talk.map { TimeSpan(start: $0.start, end: $0.start + 5) }
        let transcript = Self.transcript(talk, duration: 20, speech: speech)
        let normal = try #require(ConversationDetector.detect(transcript).first)
        #expect(normal.kind == .internal && normal.status == .skipped)
        let rescued = try #require(
            ConversationDetector.detect(transcript, options: .init(minConfidence: normal.confidence)).first)
        #expect(rescued.status == .analyzed)
        #expect(rescued.statusReason.contains("analyzed all the same"))
    }

    /// A recording in a language the cues are not written for: its spans stand, but nothing is
    /// judged from English word lists; each is left for review, saying why.
    @Test func aSpanInALanguageWithoutCuesIsLeftForReviewWithTheReason() throws {
        let lines: [Line] = [
            (0, 0, "Buenos días, le llamo de Solaris. ¿Tiene un momento?"),
            (1, 5, "Sí, claro. ¿De qué se trata?"),
            (0, 9, "De su factura de electricidad. Nuestro precio es de veinte euros al mes."),
            (1, 15, "Me interesa. Envíeme el contrato, por favor."),
            (0, 20, "Perfecto. Muchas gracias, hasta luego."),
            (0, 60, "Hola"),
        ]
        var transcript = Self.transcript(lines, duration: 64)
        transcript.language = "es"
        let segments = ConversationDetector.detect(transcript)
        let call = try #require(segments.first)
        #expect(call.status == .needsReview && call.kind == .sales && call.detectedOutcome == .noDecision)
        #expect(call.confidence == ConversationSegment.Status.reviewFloor && call.customerName == nil)
        #expect(call.statusReason.hasPrefix("the built-in detector has cues for English only"))
        #expect(call.statusReason.contains("Spanish (es)"))
        // Even a user who analyzes everything at 0.5 or more is not given an English reading of it.
        let lowered = ConversationDetector.detect(transcript, options: .init(minConfidence: 0.5))
        #expect(lowered.allSatisfy { $0.status != .analyzed })
        // The same words with the language unknown (an old transcript) are read as before.
        transcript.language = nil
        #expect(ConversationDetector.detect(transcript).first?.statusReason.contains("English only") == false)
    }
}
