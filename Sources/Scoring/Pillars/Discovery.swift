/// Discovery: does the rep find out what the customer needs before pitching?
///
///     discovery = 40 · min(1, discovery questions / expected) + 25 · open share
///               + 20 · clamp((0.9 − rep talk share) / 0.3) + 15 · min(1, mean reply gap / 0.5 s)
///
/// *Discovery questions* are the rep's questions less identification ("am I speaking with…") and
/// closing asks; *expected* is one per two minutes, at least 3. *Open* questions start with (or
/// soon reach) what/how/why/which/who/tell me. The rep's talk share is their share of all words:
/// full marks up to 60 %, none at 90 %. The reply gap is the silence between the customer's last
/// word and the rep's first: patience, full marks from 0.5 s.
enum Discovery {
    static let formula =
        "40·min(1, questions/max(3, minutes/2)) + 25·open share + 20·clamp((0.9 − rep talk share)/0.3) + 15·min(1, mean reply gap/0.5 s)"

    static func score(_ facts: CallFacts) -> PillarResult {
        let questions = facts.discoveryQuestions
        let open = questions.filter(\.isOpenQuestion)
        let closed = questions.filter { !$0.isOpenQuestion }
        let expected = max(3, facts.duration / 120)
        let openShare = questions.isEmpty ? 0 : Double(open.count) / Double(questions.count)
        let talkShare = Double(facts.repWords) / Double(max(1, facts.repWords + facts.customerWords))
        let meanGap = facts.replyGaps.isEmpty ? 0 : facts.replyGaps.reduce(0, +) / Double(facts.replyGaps.count)
        let score =
            40 * min(1, Double(questions.count) / expected) + 25 * openShare + 20 * clamp01((0.9 - talkShare) / 0.3)
            + 15 * min(1, meanGap / 0.5)

        let positive =
            open.first.map {
                "\(questions.count) discovery question(s), \(open.count) open, e.g. \(Quote($0).cited); the rep spoke \(percent(talkShare)) of the words."
            } ?? "\(questions.count) discovery question(s), none open"
            + (questions.first.map { ", e.g. \(Quote($0).cited)" } ?? "")
            + "; the rep spoke \(percent(talkShare)) of the words" + (questions.isEmpty ? facts.span : "") + "."
        let negative: String
        let change: String
        if questions.count < Int(expected.rounded(.up)) {
            negative =
                "Only \(questions.count) discovery question(s) in \(Quote.clock(facts.duration)) (\(Int(expected.rounded(.up))) expected)"
                + (facts.rep.first.map { "; the pitch started \(Quote($0).cited)" } ?? "") + "."
            change = "Ask about the customer's situation before proposing: one question for every two minutes of call."
        } else if let question = closed.first {
            negative =
                "\(closed.count) closed question(s), e.g. \(Quote(question).cited), invite a yes or no rather than the customer's story."
            change = "Reopen closed questions as “what” or “how” questions."
        } else if talkShare > 0.6 {
            negative = "The rep spoke \(percent(talkShare)) of the words; the customer had little room."
            change = "Aim to speak under 60 % of the words: stop after each question."
        } else if meanGap < 0.5 {
            negative =
                "Replies came \(oneDecimal(meanGap)) s after the customer stopped, on average: little room to add more."
            change = "Leave a beat of half a second before replying."
        } else {
            negative =
                "No gap found: questions open, talk share \(percent(talkShare)), replies after \(oneDecimal(meanGap)) s on average."
            change = ""
        }
        return PillarResult(
            score: score, formula: formula,
            measures: [
                "discovery_questions": Double(questions.count), "open_questions": Double(open.count),
                "closed_questions": Double(closed.count), "expected_questions": expected, "rep_talk_share": talkShare,
                "mean_reply_gap_seconds": meanGap,
            ],
            quotes: Array((open.prefix(3) + closed.prefix(2)).uniqued()), positive: positive, negative: negative,
            keep: open.first.map { "Open discovery the same way: \(Quote($0).cited)." } ?? positive, change: change)
    }
}
