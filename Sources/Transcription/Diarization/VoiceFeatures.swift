import Foundation

/// What a stretch of speech sounds like, as numbers: the input to speaker clustering.
///
/// Mono recordings carry both sides of a call in one channel, so callsift tells the speakers apart
/// by their voices, without any trained model. Each turn (a run of words between pauses) is
/// described by its timbre and its pitch:
///
/// - The audio is cut into 25 ms frames every 10 ms. A frame is *energetic* when its level is
///   above -50 dBFS and within 30 dB of the turn's loud frames (the 95th percentile), so pauses
///   and line noise are left out.
/// - Pitch: the turn is low-passed (900 Hz) and decimated to about 4 kHz, and each energetic
///   frame is searched for a period between 60 and 400 Hz with YIN (the cumulative mean
///   normalised difference function). A frame is *voiced* when that function dips below 0.2,
///   i.e. the frame repeats itself closely; the period is refined by parabolic interpolation.
/// - Timbre: each voiced frame is pre-emphasised (0.97), Hamming-windowed and transformed by a
///   512-point FFT; its power is summed by 26 triangular mel-scale bands from 0 to 8 kHz, whose
///   logarithms go through a DCT-II. Coefficients c1…c13 are kept (13 MFCCs); c0, the loudness,
///   is left out so a speaker close to or far from the microphone is the same speaker.
///
/// The turn's `vector` is, in this order: the mean of each MFCC over the voiced frames (13),
/// their standard deviations (13), the natural logarithm of the median pitch, and the pitch's
/// interquartile range in semitones. A turn with energetic but too few voiced frames (whispering,
/// noise) keeps MFCC statistics over its energetic frames, has no `medianPitchHz`, and 0 in the two
/// pitch places, which `SpeakerClustering` treats as unknown.
public struct VoiceFeatures: Sendable, Equatable, Codable {
    public var vector: [Float]
    /// Share of the turn's frames that are voiced (0…1).
    public var voicedFraction: Double
    /// Median pitch of the voiced frames; nil when the turn has too few of them.
    public var medianPitchHz: Double?

    public init(vector: [Float], voicedFraction: Double, medianPitchHz: Double?) {
        self.vector = vector
        self.voicedFraction = voicedFraction
        self.medianPitchHz = medianPitchHz
    }

    /// MFCCs per frame (c1…c13).
    public static let cepstralCount = 13
    /// Length of `vector`: mean and deviation of each MFCC, log median pitch, pitch range.
    public static let dimensions = 2 * cepstralCount + 2
    /// Where the two pitch values sit in `vector`.
    static let pitchDimensions = (2 * cepstralCount)..<dimensions

    /// Shortest turn described, in seconds: below it the statistics are noise.
    public static let minimumSeconds = 0.4
    /// Fewest voiced frames (10 ms each) for a pitch; fewer energetic frames than this give nil.
    static let minimumFrames = 10

    /// Describes one turn of speech, `samples` at `sampleRate` (16 kHz mono from `AudioDecoder`).
    /// Nil when the turn is shorter than `minimumSeconds`, has fewer than 10 energetic frames, or
    /// `sampleRate` is below 8 kHz (too little of the spectrum to describe a voice).
    public static func extract(_ samples: ArraySlice<Float>, sampleRate: Int = 16_000) -> VoiceFeatures? {
        guard sampleRate >= 8_000, Double(samples.count) >= minimumSeconds * Double(sampleRate) else { return nil }
        let analyzer = sampleRate == 16_000 ? VoiceAnalyzer.standard : VoiceAnalyzer(sampleRate: sampleRate)
        return samples.withContiguousStorageIfAvailable { analyzer.features(of: $0) }
            ?? Array(samples).withUnsafeBufferPointer { analyzer.features(of: $0) }
    }
}

/// The tables of the analysis for one sample rate (window, mel bands, DCT, low-pass), made once.
struct VoiceAnalyzer: Sendable {
    static let standard = VoiceAnalyzer(sampleRate: 16_000)

    static let bandCount = 26
    static let preEmphasis: Float = 0.97
    static let floorDecibels: Float = -50
    static let dynamicRangeDecibels: Float = 30
    static let lowestPitchHz = 60.0
    static let highestPitchHz = 400.0
    /// YIN's aperiodicity threshold: how closely a voiced frame repeats itself.
    static let periodicityThreshold: Float = 0.2
    /// YIN integration window.
    static let pitchWindowSeconds = 0.03

    let sampleRate: Int
    let frameLength: Int
    let hop: Int
    let fft: PowerSpectrum
    let window: [Float]
    /// Mel band m covers FFT bins bandStart[m] ..< bandStart[m] + bandWeights[m].count.
    let bandStart: [Int]
    let bandWeights: [[Float]]
    /// dct[n * bandCount + m]: weight of log band m in MFCC c(n+1).
    let dct: [Float]
    /// Pitch is tracked on the signal decimated by this factor, after `lowPass`.
    let decimation: Int
    let lowPass: [Float]
    let pitchWindow: Int
    let shortestLag: Int
    let longestLag: Int

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
        let rate = Double(sampleRate)
        let length = Int((0.025 * rate).rounded())
        frameLength = length
        hop = Int((0.010 * rate).rounded())
        var size = 4
        while size < length { size *= 2 }
        fft = PowerSpectrum(size: size)
        window = (0..<length).map { Float(0.54 - 0.46 * cos(2 * Double.pi * Double($0) / Double(length - 1))) }

        func mel(_ hz: Double) -> Double { 2595 * log10(1 + hz / 700) }
        func hz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }
        let top = mel(min(8_000, rate / 2))
        let edges = (0...Self.bandCount + 1).map { hz(top * Double($0) / Double(Self.bandCount + 1)) }
        let binHz = rate / Double(size)
        var starts: [Int] = []
        var weights: [[Float]] = []
        for band in 0..<Self.bandCount {
            let (low, centre, high) = (edges[band], edges[band + 1], edges[band + 2])
            let first = Int((low / binHz).rounded(.up))
            let last = min(size / 2, Int((high / binHz).rounded(.down)))
            var row: [Float] = []
            for bin in first...max(first, last) {
                let f = Double(bin) * binHz
                row.append(Float(max(0, f <= centre ? (f - low) / (centre - low) : (high - f) / (high - centre))))
            }
            starts.append(first)
            weights.append(row)
        }
        bandStart = starts
        bandWeights = weights
        let scale = (2 / Double(Self.bandCount)).squareRoot()
        dct = (0..<VoiceFeatures.cepstralCount * Self.bandCount).map { index in
            let n = Double(index / Self.bandCount + 1)
            let m = Double(index % Self.bandCount)
            return Float(scale * cos(Double.pi * n * (m + 0.5) / Double(Self.bandCount)))
        }

        decimation = max(1, sampleRate / 4_000)
        let pitchRate = rate / Double(decimation)
        // Windowed-sinc low-pass at 900 Hz: the first harmonics, none of the aliasing.
        let taps = 12 * decimation + 1
        let cutoff = 900 / rate
        lowPass = (0..<taps).map { index in
            let t = Double(index - taps / 2)
            let sinc = t == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * t) / (Double.pi * t)
            return Float(sinc * (0.54 - 0.46 * cos(2 * Double.pi * Double(index) / Double(taps - 1))))
        }
        pitchWindow = Int((Self.pitchWindowSeconds * pitchRate).rounded())
        shortestLag = Int((pitchRate / Self.highestPitchHz).rounded(.down))
        longestLag = Int((pitchRate / Self.lowestPitchHz).rounded(.up))
    }

    /// The frames of a piece of audio that carry voice, and the pitch of those that are periodic.
    struct PitchTrack {
        let frameCount: Int
        /// Frames within `dynamicRangeDecibels` of the piece's loud frames.
        let energetic: [Int]
        /// The mean level of the energetic frames, in dB below full scale.
        let energyDB: Double
        /// YIN pitch (Hz) of each voiced frame, in frame order; `voiced` holds their indices.
        var pitches: [Double]
        let voiced: [Int]
    }

    /// Nil when the piece is too short or too quiet for `VoiceFeatures.minimumFrames` frames.
    func pitchTrack(of samples: UnsafeBufferPointer<Float>) -> PitchTrack? {
        guard samples.count >= frameLength else { return nil }
        let frameCount = 1 + (samples.count - frameLength) / hop
        guard frameCount >= VoiceFeatures.minimumFrames else { return nil }

        // Level of each frame, and the energetic ones.
        var levels = [Float](repeating: 0, count: frameCount)
        for frame in 0..<frameCount {
            var sum: Float = 0
            for index in frame * hop..<frame * hop + frameLength { sum += samples[index] * samples[index] }
            levels[frame] = 10 * log10(sum / Float(frameLength) + 1e-12)
        }
        let loud = levels.sorted()[Int(Double(frameCount - 1) * 0.95)]
        let threshold = max(Self.floorDecibels, loud - Self.dynamicRangeDecibels)
        let energetic = (0..<frameCount).filter { levels[$0] >= threshold }
        guard energetic.count >= VoiceFeatures.minimumFrames else { return nil }

        // Pitch of the energetic frames, on the decimated signal.
        let decimated = decimate(samples)
        var pitches: [Double] = []
        var voiced: [Int] = []
        decimated.withUnsafeBufferPointer { signal in
            var difference = [Float](repeating: 0, count: longestLag + 2)
            difference.withUnsafeMutableBufferPointer { scratch in
                for frame in energetic {
                    let centre = (frame * hop + frameLength / 2) / decimation
                    if let hz = pitch(signal, centre: centre, scratch: scratch) {
                        pitches.append(hz)
                        voiced.append(frame)
                    }
                }
            }
        }
        let energy = energetic.reduce(0) { $0 + Double(levels[$1]) } / Double(energetic.count)
        return PitchTrack(
            frameCount: frameCount, energetic: energetic, energyDB: energy, pitches: pitches, voiced: voiced)
    }

    func features(of samples: UnsafeBufferPointer<Float>) -> VoiceFeatures? {
        guard var track = pitchTrack(of: samples) else { return nil }
        let (frameCount, energetic, voiced) = (track.frameCount, track.energetic, track.voiced)

        let described = voiced.count >= VoiceFeatures.minimumFrames ? voiced : energetic
        let cepstra = mfccs(samples, frames: described)
        let count = Float(described.count)
        var vector = [Float](repeating: 0, count: VoiceFeatures.dimensions)
        for n in 0..<VoiceFeatures.cepstralCount {
            var sum: Float = 0
            for frame in 0..<described.count { sum += cepstra[frame * VoiceFeatures.cepstralCount + n] }
            let mean = sum / count
            var squares: Float = 0
            for frame in 0..<described.count {
                let deviation = cepstra[frame * VoiceFeatures.cepstralCount + n] - mean
                squares += deviation * deviation
            }
            vector[n] = mean
            vector[VoiceFeatures.cepstralCount + n] = (squares / count).squareRoot()
        }
        var median: Double?
        if voiced.count >= VoiceFeatures.minimumFrames {
            track.pitches.sort()
            let pitches = track.pitches
            func quantile(_ q: Double) -> Double {
                let position = q * Double(pitches.count - 1)
                let below = Int(position.rounded(.down))
                let above = min(below + 1, pitches.count - 1)
                return pitches[below] + (pitches[above] - pitches[below]) * (position - Double(below))
            }
            let middle = quantile(0.5)
            median = middle
            let dimensions = VoiceFeatures.pitchDimensions
            vector[dimensions.lowerBound] = Float(log(middle))
            vector[dimensions.lowerBound + 1] = Float(12 * log2(quantile(0.75) / quantile(0.25)))
        }
        return VoiceFeatures(
            vector: vector, voicedFraction: Double(voiced.count) / Double(frameCount), medianPitchHz: median)
    }

    /// The low-passed signal at `sampleRate / decimation`.
    private func decimate(_ samples: UnsafeBufferPointer<Float>) -> [Float] {
        guard decimation > 1 else { return Array(samples) }
        let taps = lowPass.count
        let reach = taps / 2
        return lowPass.withUnsafeBufferPointer { filter in
            (0..<samples.count / decimation).map { output in
                let centre = output * decimation
                var sum: Float = 0
                for tap in max(0, reach - centre)..<min(taps, samples.count - centre + reach) {
                    sum += filter[tap] * samples[centre - reach + tap]
                }
                return sum
            }
        }
    }

    /// YIN around `centre` of the decimated signal: the pitch in Hz, or nil for an aperiodic frame.
    private func pitch(_ signal: UnsafeBufferPointer<Float>, centre: Int, scratch: UnsafeMutableBufferPointer<Float>)
        -> Double?
    {
        let span = pitchWindow + longestLag + 1
        let start = centre - span / 2
        guard start >= 0, start + span <= signal.count else { return nil }
        // Squared difference of the window with itself shifted by each lag, then YIN's cumulative
        // mean normalisation (scratch[lag] = d(lag) * lag / sum of d up to lag).
        var running: Float = 0
        scratch[0] = 1
        for lag in 1...longestLag + 1 {
            var sum: Float = 0
            for index in start..<start + pitchWindow {
                let delta = signal[index] - signal[index + lag]
                sum += delta * delta
            }
            running += sum
            scratch[lag] = running > 0 ? sum * Float(lag) / running : 1
        }
        var lag = shortestLag
        while lag <= longestLag, scratch[lag] >= Self.periodicityThreshold { lag += 1 }
        guard lag <= longestLag else { return nil }
        while lag < longestLag, scratch[lag + 1] < scratch[lag] { lag += 1 }
        let (before, at, after) = (scratch[lag - 1], scratch[lag], scratch[lag + 1])
        let curvature = before - 2 * at + after
        let shift = curvature > 0 ? Double(0.5 * (before - after) / curvature) : 0
        return Double(sampleRate) / Double(decimation) / (Double(lag) + max(-0.5, min(0.5, shift)))
    }

    /// c1…c13 of each frame in `frames`, frame after frame.
    private func mfccs(_ samples: UnsafeBufferPointer<Float>, frames: [Int]) -> [Float] {
        let cepstralCount = VoiceFeatures.cepstralCount
        let bandCount = Self.bandCount
        var output = [Float](repeating: 0, count: frames.count * cepstralCount)
        var frame = [Float](repeating: 0, count: fft.size)
        var power = [Float](repeating: 0, count: fft.binCount)
        var real = [Float](repeating: 0, count: fft.size / 2)
        var imaginary = [Float](repeating: 0, count: fft.size / 2)
        var logBands = [Float](repeating: 0, count: bandCount)
        for (position, index) in frames.enumerated() {
            let start = index * hop
            var previous = start > 0 ? samples[start - 1] : samples[start]
            for offset in 0..<frameLength {
                let sample = samples[start + offset]
                frame[offset] = (sample - Self.preEmphasis * previous) * window[offset]
                previous = sample
            }
            frame.withUnsafeBufferPointer { input in
                power.withUnsafeMutableBufferPointer { spectrum in
                    real.withUnsafeMutableBufferPointer { re in
                        imaginary.withUnsafeMutableBufferPointer { im in
                            fft.power(of: input, into: spectrum, real: re, imaginary: im)
                        }
                    }
                }
            }
            for band in 0..<bandCount {
                var energy: Float = 0
                let first = bandStart[band]
                for (offset, weight) in bandWeights[band].enumerated() { energy += weight * power[first + offset] }
                logBands[band] = log(energy + 1e-10)
            }
            for n in 0..<cepstralCount {
                var sum: Float = 0
                for band in 0..<bandCount { sum += dct[n * bandCount + band] * logBands[band] }
                output[position * cepstralCount + n] = sum
            }
        }
        return output
    }
}
