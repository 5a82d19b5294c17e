/// How detected conversations compare with the truth of a generated recording.
///
/// - Boundaries: every start and end of a true conversation is a boundary; a detected one within
///   `tolerance` seconds matches it (each at most once). Precision, recall and F1 over those.
///   Segments that say they are not conversations (fragments, automated lines) are listed by the
///   detector but have no conversation boundaries: they count for none of the figures.
/// - Pk (Beeferman et al.): the probability that two instants `k` seconds apart (k = half the mean
///   true conversation length), sampled every second, are wrongly said to be in the same or in
///   different conversations. 0 is perfect.
/// - Kind, outcome and customer-name accuracy: each true conversation is paired with the detected
///   segment overlapping it most; outcome and name count only over true sales conversations.
/// - Missed sales conversations: true sales conversations that sales segments cover by less than
///   half (classed as something else, or not found at all).
///
/// The counts behind each figure are kept too (`matchedBoundaries`, `kindMatches`...), so that
/// several recordings can be pooled (`SampleEvaluation.Row.pooling`).
public struct ConversationEvaluation: Sendable {
    public struct TrueConversation: Sendable {
        public var start: Double
        public var end: Double
        public var kind: ConversationSegment.Kind
        public var outcome: ConversationSegment.Outcome?
        public var customerName: String?

        public init(
            start: Double, end: Double, kind: ConversationSegment.Kind, outcome: ConversationSegment.Outcome?,
            customerName: String?
        ) {
            self.start = start
            self.end = end
            self.kind = kind
            self.outcome = outcome
            self.customerName = customerName
        }
    }

    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var pk: Double
    public var kindAccuracy: Double
    public var outcomeAccuracy: Double
    public var customerNameAccuracy: Double
    /// Detected segments with status analyzed that are not true sales conversations.
    public var nonSalesAnalyzed: Int
    /// True sales conversations that no sales segment covers by at least half: sales lost from the output.
    public var missedSalesConversations: Int

    /// True boundaries (two per true conversation) that a detected boundary matched within the tolerance.
    public var matchedBoundaries: Int
    /// Two per detected segment: the denominator of `precision`.
    public var detectedBoundaries: Int
    /// Two per true conversation: the denominator of `recall`.
    public var trueBoundaries: Int
    /// The length `pk` was sampled over.
    public var durationSeconds: Double
    /// True conversations (the denominator of `kindAccuracy`), and how many were paired with a segment of their kind.
    public var trueConversationCount: Int
    public var kindMatches: Int
    /// True sales conversations (the denominator of `outcomeAccuracy` and `customerNameAccuracy`), and the matches of each.
    public var salesConversationCount: Int
    public var outcomeMatches: Int
    public var customerNameMatches: Int

    public init(
        detected segments: [ConversationSegment], truth: [TrueConversation], durationSeconds: Double,
        tolerance: Double = 5
    ) {
        let detected = segments.filter(\.kind.isConversation)
        let trueBoundaryTimes = truth.flatMap { [$0.start, $0.end] }
        var unmatched = detected.flatMap { [$0.startSeconds, $0.endSeconds] }
        var hits = 0
        for boundary in trueBoundaryTimes {
            if let index = unmatched.indices.min(by: { abs(unmatched[$0] - boundary) < abs(unmatched[$1] - boundary) }),
                abs(unmatched[index] - boundary) <= tolerance
            {
                hits += 1
                unmatched.remove(at: index)
            }
        }
        matchedBoundaries = hits
        detectedBoundaries = detected.count * 2
        trueBoundaries = trueBoundaryTimes.count
        (precision, recall, f1) = Self.boundaryScores(matched: hits, detected: detectedBoundaries, true: trueBoundaries)
        self.durationSeconds = durationSeconds

        func label(_ time: Double, _ spans: [(Double, Double)]) -> Int {
            spans.firstIndex { $0.0 <= time && time < $0.1 } ?? -1 - spans.filter { $0.1 <= time }.count
        }
        let trueSpans = truth.map { ($0.start, $0.end) }
        let detectedSpans = detected.map { ($0.startSeconds, $0.endSeconds) }
        let k = max(1, truth.map { $0.end - $0.start }.reduce(0, +) / Double(max(1, truth.count)) / 2)
        var errors = 0
        var probes = 0
        var time = 0.0
        while time + k < durationSeconds {
            let sameTrue = label(time, trueSpans) == label(time + k, trueSpans)
            let sameDetected = label(time, detectedSpans) == label(time + k, detectedSpans)
            if sameTrue != sameDetected { errors += 1 }
            probes += 1
            time += 1
        }
        pk = probes == 0 ? 0 : Double(errors) / Double(probes)

        func overlap(_ a: (Double, Double), _ b: (Double, Double)) -> Double { max(0, min(a.1, b.1) - max(a.0, b.0)) }
        let paired = truth.map { conversation in
            detected.max {
                overlap(($0.startSeconds, $0.endSeconds), (conversation.start, conversation.end))
                    < overlap(($1.startSeconds, $1.endSeconds), (conversation.start, conversation.end))
            }
        }
        trueConversationCount = truth.count
        kindMatches = zip(truth, paired).filter { $0.1?.kind == $0.0.kind }.count
        kindAccuracy = Self.accuracy(kindMatches, of: trueConversationCount)
        let sales = zip(truth, paired).filter { $0.0.kind == .sales }
        salesConversationCount = sales.count
        outcomeMatches = sales.filter { $0.1?.detectedOutcome == $0.0.outcome }.count
        customerNameMatches = sales.filter { $0.1?.customerName?.lowercased() == $0.0.customerName?.lowercased() }.count
        outcomeAccuracy = Self.accuracy(outcomeMatches, of: salesConversationCount)
        customerNameAccuracy = Self.accuracy(customerNameMatches, of: salesConversationCount)
        let salesSpans = truth.filter { $0.kind == .sales }.map { ($0.start, $0.end) }
        nonSalesAnalyzed =
            detected.filter { segment in
                segment.status == .analyzed
                    && !salesSpans.contains {
                        overlap($0, (segment.startSeconds, segment.endSeconds)) > 0.5
                            * (segment.endSeconds - segment.startSeconds)
                    }
            }.count
        let detectedSales = detected.filter(\.isSalesConversation).map { ($0.startSeconds, $0.endSeconds) }
        missedSalesConversations =
            salesSpans.filter { span in
                detectedSales.reduce(0) { $0 + overlap($1, span) } < 0.5 * (span.1 - span.0)
            }.count
    }

    /// Precision, recall and F1 from boundary counts. Nothing true and nothing detected is perfect;
    /// nothing true gives recall 1, nothing detected precision 0 (unless nothing was true either).
    public static func boundaryScores(matched: Int, detected: Int, true trueCount: Int) -> (
        precision: Double, recall: Double, f1: Double
    ) {
        let precision = detected == 0 ? (trueCount == 0 ? 1 : 0) : Double(matched) / Double(detected)
        let recall = trueCount == 0 ? 1 : Double(matched) / Double(trueCount)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1)
    }

    /// `matches / total`, 1 when there is nothing to get right.
    public static func accuracy(_ matches: Int, of total: Int) -> Double {
        total == 0 ? 1 : Double(matches) / Double(total)
    }
}
