import Conversations
import Foundation

/// Joins the windows' segments into one time-ordered, non-overlapping list, and turns them into
/// `ConversationSegment`s by the built-in detector's rules.
enum DetectionMerge {
    /// Sorted by start; a segment that overlaps the one before by more than half of the shorter of
    /// the two, or that continues it across a window edge (the one before is cut by its window's
    /// last line, this one by its window's first), is merged into it: the union of the spans, the
    /// higher confidence, the first name given, the longer summary. Any other overlap is resolved
    /// by starting the later segment after the earlier one ends; one left with fewer than 2
    /// utterances (1 for a voicemail) is dropped. `dropped` counts those.
    static func merge(_ segments: [CandidateSegment]) -> (segments: [CandidateSegment], dropped: Int) {
        let sorted = segments.sorted {
            ($0.first, $0.last, $0.windows.first ?? 0) < ($1.first, $1.last, $1.windows.first ?? 0)
        }
        var merged: [CandidateSegment] = []
        var dropped = 0
        for var segment in sorted {
            guard let previous = merged.last, segment.first <= previous.last else {
                merged.append(segment)
                continue
            }
            let overlap = min(previous.last, segment.last) - segment.first + 1
            let shorter = min(previous.last - previous.first, segment.last - segment.first) + 1
            if Double(overlap) > 0.5 * Double(shorter) || (previous.openEnd && segment.openStart) {
                merged[merged.count - 1] = union(previous, segment)
                continue
            }
            let cutFrom = segment.first
            segment.first = previous.last + 1
            segment.openStart = false
            guard segment.last > segment.first || (segment.kind == .voicemail && segment.last == segment.first) else {
                dropped += 1
                continue
            }
            segment.repairs.append(
                "start moved from utterance \(cutFrom) to \(segment.first), after the previous conversation")
            merged.append(segment)
        }
        return (merged, dropped)
    }

    static func union(_ a: CandidateSegment, _ b: CandidateSegment) -> CandidateSegment {
        var merged = a
        merged.first = min(a.first, b.first)
        merged.last = max(a.last, b.last)
        merged.openStart =
            a.first == b.first ? a.openStart && b.openStart : a.first < b.first ? a.openStart : b.openStart
        merged.openEnd = a.last == b.last ? a.openEnd && b.openEnd : a.last > b.last ? a.openEnd : b.openEnd
        merged.confidence = max(a.confidence, b.confidence)
        merged.customerName = a.customerName ?? b.customerName
        merged.repName = a.repName ?? b.repName
        merged.summary = b.summary.count > a.summary.count ? b.summary : a.summary
        // A conversation seen whole in one window and in part in another: sales if either saw selling.
        if a.kind != b.kind, a.kind == .sales || b.kind == .sales { merged.kind = .sales }
        // The outcome is said at the end: from the segment that saw the end, unless it saw none.
        let (sawEnd, other) = b.last > a.last ? (b, a) : (a, b)
        merged.outcome = sawEnd.outcome == .noDecision ? other.outcome : sawEnd.outcome
        merged.windows = Array(Set(a.windows + b.windows)).sorted()
        merged.repairs = a.repairs + b.repairs.filter { !a.repairs.contains($0) }
        return merged
    }

    /// The built-in detector's rules: times from the first and last utterance; non-sales spans are
    /// skipped, at most 0.45 confident (confidence is that the span is a sales conversation), have
    /// no outcome, and only a voicemail names a customer; a sales span is analyzed at
    /// `minConfidence` or more, needs review from 0.5, else is skipped.
    static func segment(
        _ candidate: CandidateSegment, in transcript: DetectionTranscript, minConfidence: Double,
        repName: String? = nil, signals: [String],
        windowCount: Int
    ) -> ConversationSegment {
        let utterances = transcript.utterances
        let kind = candidate.kind
        let confidence =
            ((kind == .sales ? candidate.confidence : min(0.45, candidate.confidence)) * 1000).rounded() / 1000
        let status: ConversationSegment.Status =
            kind != .sales ? .skipped : .ofSales(confidence: confidence, minConfidence: minConfidence)
        var lines = signals
        // A name the model gives must have been said: a small model fills the field with a
        // plausible name ("Jordan") when none was spoken. The customer's within the span, the rep's
        // (the same person all day) anywhere in the recording. An unheard one is dropped, and listed.
        var invented: [String] = []
        func heard(_ name: String?, _ role: String, in said: (String) -> Bool, where place: String) -> String? {
            guard let name else { return nil }
            let parts = DetectionTranscript.words(name)
            if !parts.isEmpty, parts.allSatisfy(said) { return name }
            invented.append(name)
            lines.append("llm: the \(role) name “\(name)” is said nowhere in \(place): dropped")
            return nil
        }
        let customer =
            kind == .internal
            ? nil
            : heard(
                candidate.customerName, "customer",
                in: { word in transcript.spokenWords[candidate.first...candidate.last].contains { $0.contains(word) } },
                where: "the span")
        let modelRep =
            repName == nil
            ? heard(candidate.repName, "rep", in: transcript.recordingWords.contains, where: "the recording") : nil
        // A summary that names a dropped name repeats the invention: the plain one stands in.
        let summary =
            candidate.summary.isEmpty || invented.contains(where: candidate.summary.localizedCaseInsensitiveContains)
            ? fallbackSummary(kind: kind, customer: customer) : candidate.summary
        var place = "llm: utterances \(candidate.first)–\(candidate.last)"
        if windowCount > 1 {
            place +=
                candidate.windows.count > 1
                ? ", merged from windows \(candidate.windows.map(String.init).joined(separator: ", ")) of \(windowCount)"
                : ", window \(candidate.windows.first ?? 0) of \(windowCount)"
        }
        lines.append(place)
        lines += candidate.repairs.prefix(3).map { "llm: \($0)" }
        let reason: String
        switch (kind, status) {
        case (.sales, .analyzed):
            reason = String(
                format: "the model's confidence %.2f reaches min_confidence %.2f", confidence, minConfidence)
        case (.sales, .needsReview):
            reason = String(
                format: "the model's confidence %.2f is under min_confidence %.2f", confidence, minConfidence)
        case (.sales, _):
            reason = String(
                format: "the model's confidence %.2f is under %.1f", confidence, ConversationSegment.Status.reviewFloor)
        default: reason = "the model judged it \(kind.rawValue), not a sales conversation"
        }
        return ConversationSegment(
            startSeconds: max(0, utterances[candidate.first].start),
            endSeconds: min(transcript.durationSeconds, utterances[candidate.last].end),
            confidence: confidence, customerName: customer, repName: repName ?? modelRep, kind: kind,
            detectedOutcome: kind == .sales ? candidate.outcome : .noDecision, summary: summary, status: status,
            statusReason: reason,
            signals: lines)
    }

    /// "Sales conversation with Jordan", "Voicemail for Jordan", "Internal conversation".
    static func fallbackSummary(kind: ConversationSegment.Kind, customer: String?) -> String {
        switch kind {
        case .sales: "Sales conversation with \(customer ?? "a customer")."
        case .voicemail: "Voicemail" + (customer.map { " for \($0)" } ?? "") + "."
        case .internal: "Internal conversation."
        case .fragment: "A few words, not a conversation."
        case .automated: "An automated line nobody answered."
        }
    }
}
