/// Numbers speaker names ("SPEAKER_01", "Alex", "Customer") 0, 1, 2... in the order they first appear,
/// so a sidecar's speakers read like Deepgram's numbered ones.
struct SpeakerLabels {
    private var numbers: [String: Int] = [:]

    mutating func number(_ label: String) -> Int {
        if let known = numbers[label] { return known }
        numbers[label] = numbers.count
        return numbers.count - 1
    }
}
