import Foundation
import Transcripts

/// Which speaker is the rep.
///
/// 1. A speaker who introduces themselves with a company within their first three utterances ("this
///    is Alex from Northwind", "my name is Sam with Brightline", "calling from ...", "thank you for
///    calling ...") is the rep; the earliest such introduction wins.
/// 2. Otherwise the rep is the speaker present across the widest span of the recording (first to
///    last word): in a rep's day the rep is in every call, each customer in one.
/// Everyone else is a customer. A lone speaker is the rep only if they introduce themselves.
enum RoleAssigner {
    static let introductions: [NSRegularExpression] = [
        #"\b(this is|it's|it is) [a-z']+( [a-z']+)? (from|with|at|over at|calling from|here at|here from) [a-z]"#,
        #"\bmy name is [a-z']+( [a-z']+)?,? (and i'm |and i am )?(from|with|at|calling from) [a-z]"#,
        #"\b(i'm|i am) [a-z']+( [a-z']+)? (from|with|calling from) [a-z]"#,
        #"\b(i'm |i am )?calling (from|on behalf of) [a-z]"#,
        #"\bthank(s| you) for calling [a-z]"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    static func assign(_ utterances: [Utterance], durationSeconds: Double) -> [Speaker] {
        let ids = Array(Set(utterances.compactMap(\.speaker))).sorted()
        guard !ids.isEmpty else { return [] }
        var introductions: [Int: (start: Double, text: String)] = [:]
        for id in ids {
            for utterance in utterances.filter({ $0.speaker == id }).prefix(3) {
                let text = utterance.transcript.lowercased()
                let range = NSRange(text.startIndex..., in: text)
                if introductions[id] == nil,
                    Self.introductions.contains(where: { $0.firstMatch(in: text, range: range) != nil })
                {
                    introductions[id] = (utterance.start, utterance.transcript)
                }
            }
        }
        func span(_ id: Int) -> Double {
            let own = utterances.filter { $0.speaker == id }
            return (own.map(\.end).max() ?? 0) - (own.map(\.start).min() ?? 0)
        }
        func words(_ id: Int) -> Int {
            utterances.filter { $0.speaker == id }.reduce(0) { $0 + max(1, $1.words.count) }
        }

        let rep: (id: Int, reason: String)?
        if let earliest = introductions.min(by: { $0.value.start < $1.value.start }) {
            rep = (
                earliest.key,
                "introduces themselves with a company at \(TimeSpan.clock(earliest.value.start)): “\(earliest.value.text.prefix(80))”"
            )
        } else if ids.count > 1, let widest = ids.max(by: { (span($0), words($0)) < (span($1), words($1)) }) {
            let share = durationSeconds > 0 ? Int((span(widest) / durationSeconds * 100).rounded()) : 0
            rep = (widest, "present across the widest span of the recording (\(share)%)")
        } else {
            rep = nil
        }
        return ids.map { id in
            let own = utterances.filter { $0.speaker == id }
            let talk = own.reduce(0) { $0 + ($1.end - $1.start) }
            let role: Speaker.Role
            let reason: String
            if let rep, rep.id == id {
                (role, reason) = (.rep, rep.reason)
            } else if rep != nil {
                (role, reason) = (.customer, "speaks with the rep")
            } else {
                (role, reason) = (.unknown, ids.count == 1 ? "the only voice, and no introduction" : "no introduction")
            }
            return Speaker(id: id, role: role, words: words(id), talkSeconds: talk, reason: reason)
        }
    }
}
