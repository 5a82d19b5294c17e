import Foundation

/// Diarization error rate: how much of the reference speech is attributed to the wrong speaker,
/// missed, or invented, as NIST's md-eval counts it.
///
/// Time is sampled every 10 ms. Around every reference turn's start and end a `collar` (0.25 s on
/// each side) is not scored, because a boundary's exact instant is a matter of judgement.
/// Hypothesis speakers are mapped one to one onto reference speakers so that the time they
/// share is the largest (an optimal assignment). At each scored instant with `r` reference and
/// `h` hypothesis speakers talking, of which `c` are mapped pairs both talking, the error is
/// `max(r, h) − c`; DER is the sum of errors over the sum of `r`. Its three parts:
/// *missed* speech (reference talking, nobody in the hypothesis), *false alarm* (the reverse) and
/// *confusion* (the wrong speaker).
public struct DiarizationEvaluation: Sendable, Encodable {
    /// A stretch of one speaker's talk.
    public struct Turn: Sendable {
        public var speaker: String
        public var start: Double
        public var end: Double

        public init(speaker: String, start: Double, end: Double) {
            self.speaker = speaker
            self.start = start
            self.end = end
        }
    }

    public var der: Double
    public var missed: Double
    public var falseAlarm: Double
    public var confusion: Double
    /// Scored reference speech, in seconds (the denominator).
    public var referenceSeconds: Double
    public var referenceSpeakers: Int
    public var hypothesisSpeakers: Int

    enum CodingKeys: String, CodingKey {
        case der, missed, confusion
        case falseAlarm = "false_alarm"
        case referenceSeconds = "reference_seconds"
        case referenceSpeakers = "reference_speakers"
        case hypothesisSpeakers = "hypothesis_speakers"
    }

    static let step = 0.01

    public init(reference: [Turn], hypothesis: [Turn], collar: Double = 0.25) {
        let refNames = Array(Set(reference.map(\.speaker))).sorted()
        let hypNames = Array(Set(hypothesis.map(\.speaker))).sorted()
        referenceSpeakers = refNames.count
        hypothesisSpeakers = hypNames.count
        let end = max(reference.map(\.end).max() ?? 0, hypothesis.map(\.end).max() ?? 0)
        let frames = Int((end / Self.step).rounded(.up)) + 1
        func activity(_ turns: [Turn], _ names: [String]) -> [[Bool]] {
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            var active = Array(repeating: [Bool](repeating: false, count: frames), count: names.count)
            for turn in turns {
                let speaker = index[turn.speaker]!
                let first = max(0, Int((turn.start / Self.step).rounded()))
                let last = min(frames, Int((turn.end / Self.step).rounded()))
                if first < last { for frame in first..<last { active[speaker][frame] = true } }
            }
            return active
        }
        let ref = activity(reference, refNames)
        let hyp = activity(hypothesis, hypNames)
        var scored = [Bool](repeating: true, count: frames)
        for turn in reference {
            for edge in [turn.start, turn.end] {
                let first = max(0, Int(((edge - collar) / Self.step).rounded()))
                let last = min(frames, Int(((edge + collar) / Self.step).rounded()))
                if first < last { for frame in first..<last { scored[frame] = false } }
            }
        }
        // Shared time of every (reference, hypothesis) pair, then the mapping that shares most.
        var shared = Array(repeating: [Double](repeating: 0, count: hypNames.count), count: refNames.count)
        for frame in 0..<frames where scored[frame] {
            for r in refNames.indices where ref[r][frame] {
                for h in hypNames.indices where hyp[h][frame] { shared[r][h] += 1 }
            }
        }
        let mapping = Self.bestAssignment(shared)
        var total = 0.0
        var missed = 0.0
        var falseAlarm = 0.0
        var confusion = 0.0
        for frame in 0..<frames where scored[frame] {
            let r = refNames.indices.filter { ref[$0][frame] }
            let h = hypNames.indices.filter { hyp[$0][frame] }
            guard !r.isEmpty || !h.isEmpty else { continue }
            let correct = r.filter { mapping[$0].map { hyp[$0][frame] } ?? false }.count
            total += Double(r.count)
            missed += Double(max(0, r.count - h.count))
            falseAlarm += Double(max(0, h.count - r.count))
            confusion += Double(min(r.count, h.count) - correct)
        }
        referenceSeconds = total * Self.step
        let denominator = max(total, 1)
        self.missed = missed / denominator
        self.falseAlarm = falseAlarm / denominator
        self.confusion = confusion / denominator
        der = (missed + falseAlarm + confusion) / denominator
    }

    /// For each row, the column it is assigned (or nil), maximising the sum of the assigned
    /// weights, each column used at most once. Exhaustive over the smaller side with memoisation:
    /// recordings have a handful of speakers.
    static func bestAssignment(_ weights: [[Double]]) -> [Int?] {
        let rows = weights.count
        let columns = weights.first?.count ?? 0
        guard rows > 0, columns > 0 else { return Array(repeating: nil, count: rows) }
        // Dynamic programming over subsets of columns (columns ≤ 16 in practice; more are rare).
        guard columns <= 16 else {
            // Greedy for unusually many hypothesis speakers.
            var used = Set<Int>()
            var result = [Int?](repeating: nil, count: rows)
            let pairs = (0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }.sorted {
                weights[$0.0][$0.1] > weights[$1.0][$1.1]
            }
            for (r, c) in pairs where result[r] == nil && !used.contains(c) && weights[r][c] > 0 {
                result[r] = c
                used.insert(c)
            }
            return result
        }
        var memo: [Int: (Double, [Int?])] = [:]
        func solve(_ row: Int, _ usedMask: Int) -> (Double, [Int?]) {
            if row == rows { return (0, []) }
            let key = row << 16 | usedMask
            if let known = memo[key] { return known }
            var best = solve(row + 1, usedMask)
            best.1 = [nil] + best.1
            for column in 0..<columns where usedMask & (1 << column) == 0 && weights[row][column] > 0 {
                let rest = solve(row + 1, usedMask | (1 << column))
                if rest.0 + weights[row][column] > best.0 { best = (rest.0 + weights[row][column], [column] + rest.1) }
            }
            memo[key] = best
            return best
        }
        return solve(0, 0).1
    }
}
