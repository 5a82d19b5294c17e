import Scoring

extension Analysis {
    /// Each pillar's score by its name, nil where the analysis could not measure it: what the
    /// analysts' table and the rollup's JSON print, never a stand-in number.
    public var measuredScores: [String: Int?] {
        let unmeasured = Set(synthesisSnapshot.unmeasuredPillars)
        return Dictionary(
            uniqueKeysWithValues: Pillar.allCases.map { pillar -> (String, Int?) in
                (pillar.rawValue, unmeasured.contains(pillar.rawValue) ? nil : score(pillar))
            })
    }

    /// The last next step the analysis quoted, in the words said.
    public var lastNextStep: String? { moments.last { $0.type == .nextStep }?.quote }
}
