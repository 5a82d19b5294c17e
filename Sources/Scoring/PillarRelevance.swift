extension Analysis.Pillar {
    /// Whether a quoted line can illustrate this pillar: it carries the kind of cue the pillar
    /// measures (the built-in lexicon's), so coaching never cites a greeting as proof of a weak
    /// close. Any engine's quotes are held to it, a model's as much as the built-in one's.
    ///
    /// - clarity: a rep line of four words or more, or one with a filler or jargon word;
    /// - influence: a rep line naming a gain, citing proof, or holding a figure;
    /// - objection: an objection's words, an acknowledgement, or a rep question or answer (a rep
    ///   line of six words or more);
    /// - discovery: a rep question;
    /// - delivery: any line (pace, monologues, interruptions and silences are about every line);
    /// - close: an ask, a next step, a time, or a commitment.
    public func isIllustrated(by text: String, speaker: String) -> Bool {
        let tokens = Tokenizer.tokens(text)
        guard !tokens.isEmpty else { return false }
        let line = Sentence(text: text, tokens: tokens, start: 0, end: 0, fromRep: speaker == "rep", turn: 0)
        let makesCase =
            Lexicon.value.contains(in: tokens) || Lexicon.proof.contains(in: tokens)
            || tokens.contains(where: Tokenizer.isNumber)
        switch self {
        case .clarity:
            return line.fromRep
                && (tokens.count >= 4 || Lexicon.fillers.contains(in: tokens) || Lexicon.jargon.contains(in: tokens))
        case .influence:
            return line.fromRep && makesCase
        case .objection:
            return Lexicon.objections.contains { $0.phrases.contains(in: tokens) }
                || Lexicon.acknowledgements.contains(in: tokens)
                || (line.fromRep && (line.isQuestion || tokens.count >= 6))
        case .discovery:
            return line.fromRep && line.isQuestion
        case .delivery:
            return true
        case .close:
            return Lexicon.asks.contains(in: tokens) || Lexicon.nextSteps.contains(in: tokens)
                || Lexicon.times.contains(in: tokens) || Lexicon.commitments.contains(in: tokens)
        }
    }
}
