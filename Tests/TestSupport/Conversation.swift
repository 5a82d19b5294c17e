import Foundation

/// A generated two-voice sales call with its truth: who speaks when. The rep (a US male voice) and
/// the customer (a female voice) alternate; each turn is followed by 0.4 s of silence.
public struct Conversation: Sendable {
    public struct Turn: Sendable {
        /// 0 = rep, 1 = customer.
        public let speaker: Int
        public let start: Double
        public let end: Double
        public let text: String
    }

    public let turns: [Turn]
    /// Mono mix, 16 kHz WAV.
    public let mono: String
    /// Dialer style: rep on the left channel, customer on the right, 16 kHz WAV.
    public let stereo: String
    public var duration: Double { (turns.last?.end ?? 0) + 0.4 }

    /// Which speaker the truth says is talking at `time`, if anyone.
    public func speaker(at time: Double) -> Int? {
        turns.first { $0.start - 0.15 <= time && time <= $0.end + 0.15 }?.speaker
    }

    public static let script: [(Int, String)] = [
        (0, "Hi, this is Alex from Northwind Telecom. Am I speaking with Jordan?"),
        (1, "Yes, this is Jordan. What is this about?"),
        (0, "Thanks for taking my call. I noticed your team grew to about forty people this year."),
        (1, "That is right, we hired a lot of new engineers in the spring."),
        (0, "How are you handling phones for all the new hires?"),
        (1, "Honestly it is a mess. Half of them use their own mobiles and we pay for it in expenses."),
        (0, "That sounds expensive. Roughly how much do those expenses come to each month?"),
        (1, "Maybe two thousand dollars, I would have to check with finance."),
        (0, "If we could put everyone on one plan for less than that, would a short demo be worth your time?"),
        (1, "I think so. My concern is the contract, we got burned by a long lock-in before."),
        (0, "Our plans are month to month, so you can leave any time. Does Tuesday at ten work?"),
        (1, "Tuesday at ten works. Send me the invite please."),
    ]

    static let voices = ["en-us+m3", "en+f3"]

    static func make(in directory: String) throws -> Conversation {
        var left: [String] = []
        var right: [String] = []
        var turns: [Turn] = []
        var time = 0.0
        for (index, (speaker, text)) in script.enumerated() {
            let raw = "\(directory)/turn-\(index)-raw.wav"
            let voice = "\(directory)/turn-\(index).wav"
            let silence = "\(directory)/turn-\(index)-silence.wav"
            try Tool.run(["espeak-ng", "-v", voices[speaker], "-s", speaker == 0 ? "165" : "150", "-w", raw, text])
            try Tool.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", voice, "pad", "0", "0.4"])
            let seconds = try `require`(
                Double(try Tool.run(["soxi", "-D", voice]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            try Tool.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", silence, "trim", "0", String(seconds)])
            turns.append(Turn(speaker: speaker, start: time, end: time + seconds - 0.4, text: text))
            time += seconds
            left.append(speaker == 0 ? voice : silence)
            right.append(speaker == 0 ? silence : voice)
        }
        let leftPath = "\(directory)/conversation-left.wav"
        let rightPath = "\(directory)/conversation-right.wav"
        try Tool.run(["sox"] + left + [leftPath])
        try Tool.run(["sox"] + right + [rightPath])
        let mono = "\(directory)/conversation-mono.wav"
        let stereo = "\(directory)/conversation-stereo.wav"
        try Tool.run(["sox", "-m", leftPath, rightPath, mono])
        try Tool.run(["sox", "-M", leftPath, rightPath, stereo])
        return Conversation(turns: turns, mono: mono, stereo: stereo)
    }
}

/// `#require` for fixture code outside a test.
func `require`<T>(_ value: T?, _ what: String = "a value") throws -> T {
    guard let value else { throw Tool.Failure.failed(command: ["fixture"], status: -1, stderr: "missing \(what)") }
    return value
}
