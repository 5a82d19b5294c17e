import Foundation

/// A speaker embedding of one piece of speech: a 256-dimensional unit vector from the speech
/// worker's voice encoder (Resemblyzer's GE2E network, see `voice_embedding.py`). Pieces by one
/// voice point the same way: their cosine similarity is about 0.75–0.85, against 0.45–0.6 for two
/// voices, on clean and phone audio alike.
///
/// Stored compactly: the encoder's outputs are never negative (a ReLU comes before the
/// normalisation), so each value is kept as a byte, 255 being the vector's largest value, and the
/// bytes as base64 (344 characters instead of about 2,300 as JSON numbers). The rounding moves a
/// cosine similarity by less than 0.001.
public struct VoiceEmbedding: Sendable, Equatable, Codable {
    public private(set) var values: [Float]

    public init(_ values: [Float]) {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        self.values = norm > 0 ? values.map { max(0, $0) / norm } : values
    }

    /// Cosine similarity (both are unit vectors).
    public func similarity(to other: VoiceEmbedding) -> Double {
        var dot: Float = 0
        for (a, b) in zip(values, other.values) { dot += a * b }
        return Double(dot)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let bytes = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a voice embedding is base64"))
        }
        self.init(bytes.map { Float($0) })
    }

    public func encode(to encoder: any Encoder) throws {
        let largest = values.max() ?? 0
        let bytes = values.map { largest > 0 ? UInt8((max(0, $0) / largest * 255).rounded()) : 0 }
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes).base64EncodedString())
    }
}
