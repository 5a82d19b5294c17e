/// How the rep's voice moved, measured from the audio (`ProsodyMeter`): the delivery pillar uses it when present.
public struct Prosody: Sendable, Equatable, Codable {
    /// Standard deviation of the rep's pitch over voiced frames, in semitones: under ~2 sounds flat.
    public var pitchVariationSemitones: Double
    public var medianPitchHz: Double
    /// Seconds of voiced rep audio the figures come from.
    public var voicedSeconds: Double

    public init(pitchVariationSemitones: Double, medianPitchHz: Double, voicedSeconds: Double) {
        self.pitchVariationSemitones = pitchVariationSemitones
        self.medianPitchHz = medianPitchHz
        self.voicedSeconds = voicedSeconds
    }
}
