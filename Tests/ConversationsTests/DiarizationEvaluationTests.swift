import Conversations
import Testing

/// The diarization error rate, on turns made to order.
struct DiarizationEvaluationTests {
    typealias Turn = DiarizationEvaluation.Turn
    static let reference = [Turn(speaker: "rep", start: 0, end: 10), Turn(speaker: "customer", start: 10, end: 20)]

    @Test func labelsAreMappedNotCompared() {
        let swapped = DiarizationEvaluation(
            reference: Self.reference,
            hypothesis: [Turn(speaker: "1", start: 0, end: 10), Turn(speaker: "0", start: 10, end: 20)])
        #expect(swapped.der < 1e-9)
        #expect(swapped.hypothesisSpeakers == 2)
    }

    @Test func oneSpeakerForTwoIsConfusion() {
        let one = DiarizationEvaluation(reference: Self.reference, hypothesis: [Turn(speaker: "0", start: 0, end: 20)])
        // Half the scored speech (outside the 0.25 s collars) goes to the wrong speaker.
        #expect(abs(one.confusion - 0.5) < 0.02)
        #expect(one.missed < 1e-9 && one.falseAlarm < 1e-9)
    }

    @Test func missedAndInventedSpeechCount() {
        let partial = DiarizationEvaluation(
            reference: Self.reference,
            hypothesis: [Turn(speaker: "a", start: 0, end: 10), Turn(speaker: "b", start: 15, end: 25)])
        #expect(abs(partial.missed - 4.75 / 19) < 0.01, "10.25–15 of the customer's turn, out of 19 s scored")
        #expect(abs(partial.falseAlarm - 4.75 / 19) < 0.01, "20.25–25, where nobody spoke")
        #expect(partial.confusion < 1e-9)
    }
}
