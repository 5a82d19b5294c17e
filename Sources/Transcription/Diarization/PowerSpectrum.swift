import Foundation

/// The power spectrum of a real frame by a radix-2 FFT, written here so diarization needs no package.
///
/// A real frame of `size` points (a power of two) is packed into a complex one of `size / 2` points
/// (even samples real, odd samples imaginary), transformed by an iterative decimation-in-time FFT
/// and split back into the `size / 2 + 1` bins of the real transform: half the work of a complex
/// FFT of the whole frame. Tables (bit reversal, twiddles) are made once per size.
struct PowerSpectrum: Sendable {
    /// Real points per frame.
    let size: Int
    /// Bins returned by `power`: 0 Hz up to the Nyquist frequency.
    var binCount: Int { half + 1 }

    private let half: Int
    private let bitReversed: [Int]
    /// e^(-2πi j / half) for j < half / 2: the butterflies' twiddles.
    private let twiddleCos: [Float]
    private let twiddleSin: [Float]
    /// e^(-2πi k / size) for k ≤ half: the real-to-complex split.
    private let splitCos: [Float]
    private let splitSin: [Float]

    init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "FFT size must be a power of two, at least 4")
        self.size = size
        half = size / 2
        let bits = half.trailingZeroBitCount
        bitReversed = (0..<size / 2).map { index in
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            return reversed
        }
        twiddleCos = (0..<max(1, size / 4)).map { Float(cos(-2 * Double.pi * Double($0) / Double(size / 2))) }
        twiddleSin = (0..<max(1, size / 4)).map { Float(sin(-2 * Double.pi * Double($0) / Double(size / 2))) }
        splitCos = (0...size / 2).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        splitSin = (0...size / 2).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
    }

    /// |X[k]|² for k in 0...size/2 of the `size` real samples in `frame`, written to `power`;
    /// `real` and `imaginary` are scratch of `size / 2` points each.
    func power(
        of frame: UnsafeBufferPointer<Float>, into power: UnsafeMutableBufferPointer<Float>,
        real: UnsafeMutableBufferPointer<Float>, imaginary: UnsafeMutableBufferPointer<Float>
    ) {
        let half = half
        bitReversed.withUnsafeBufferPointer { reversed in
            for index in 0..<half {
                let target = reversed[index]
                real[target] = frame[2 * index]
                imaginary[target] = frame[2 * index + 1]
            }
        }
        twiddleCos.withUnsafeBufferPointer { wCos in
            twiddleSin.withUnsafeBufferPointer { wSin in
                var span = 1
                while span < half {
                    let stride = half / (2 * span)
                    var start = 0
                    while start < half {
                        for offset in 0..<span {
                            let c = wCos[offset * stride]
                            let s = wSin[offset * stride]
                            let top = start + offset
                            let bottom = top + span
                            let tr = real[bottom] * c - imaginary[bottom] * s
                            let ti = real[bottom] * s + imaginary[bottom] * c
                            real[bottom] = real[top] - tr
                            imaginary[bottom] = imaginary[top] - ti
                            real[top] += tr
                            imaginary[top] += ti
                        }
                        start += 2 * span
                    }
                    span *= 2
                }
            }
        }
        splitCos.withUnsafeBufferPointer { sCos in
            splitSin.withUnsafeBufferPointer { sSin in
                for k in 0...half {
                    // Z[k] and conj(Z[half - k]), indices taken modulo half.
                    let a = k % half
                    let b = (half - k) % half
                    let zr = real[a]
                    let zi = imaginary[a]
                    let cr = real[b]
                    let ci = -imaginary[b]
                    // Even part (Z[k] + conj Z[half-k]) / 2, odd part (Z[k] - conj Z[half-k]) / 2i.
                    let er = (zr + cr) / 2
                    let ei = (zi + ci) / 2
                    let or = (zi - ci) / 2
                    let oi = -(zr - cr) / 2
                    let xr = er + or * sCos[k] - oi * sSin[k]
                    let xi = ei + or * sSin[k] + oi * sCos[k]
                    power[k] = xr * xr + xi * xi
                }
            }
        }
    }
}
