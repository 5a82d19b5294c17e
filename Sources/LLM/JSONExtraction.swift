import Foundation

/// Reads the JSON object out of a model's reply, tolerating what models do even when asked for bare
/// JSON, and what servers without `response_format` let through: a ```json fence, prose before or
/// after, trailing commas, raw newlines inside strings. A reply that stops inside its object is
/// reported as `llm_truncated_json`, distinct from `llm_invalid_json`, so the caller can spend its
/// one repair retry on it.
///
/// The result is the object's JSON text, unchanged but for those repairs, ready for `JSONDecoder`
/// or `JSONSerialization`: the schema belongs to the caller.
public enum JSONExtraction {
    /// The first JSON object in `reply` that parses, as UTF-8 JSON text.
    public static func data(from reply: String) throws(LLMError) -> Data {
        let bytes = Array(reply.utf8)
        var truncated = false
        for region in regions(of: bytes) {
            switch firstObject(in: bytes[region]) {
            case .found(let data): return data
            case .truncated: truncated = true
            case .none: break
            }
        }
        if truncated { throw .truncatedJSON(excerpt: LLMError.excerpt(reply)) }
        let reason =
            reply.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? "the reply is empty"
            : reply.contains("{") ? "no {...} in the reply parses as JSON" : "the reply holds no JSON object"
        throw .invalidJSON(reason: reason, excerpt: LLMError.excerpt(reply))
    }

    /// The first JSON object in `reply`, as Foundation values.
    public static func object(from reply: String) throws(LLMError) -> [String: Any] {
        let data = try data(from: reply)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .invalidJSON(reason: "no {...} in the reply parses as JSON", excerpt: LLMError.excerpt(reply))
        }
        return object
    }

    /// The first JSON object in `reply`, decoded; a shape other than `T`'s is `llm_invalid_json`.
    public static func decode<T: Decodable>(_ type: T.Type, from reply: String, decoder: JSONDecoder = JSONDecoder())
        throws(LLMError) -> T
    {
        let data = try data(from: reply)
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw .invalidJSON(
                reason: "the JSON is not of the expected shape: \(describe(error))", excerpt: LLMError.excerpt(reply))
        } catch {
            throw .invalidJSON(
                reason: "the JSON is not of the expected shape: \(error.localizedDescription)",
                excerpt: LLMError.excerpt(reply))
        }
    }

    private enum Scan {
        case found(Data)
        case truncated
        case none
    }

    private enum Match {
        case closed(at: Int)
        case truncated
        case mismatched
    }

    private static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    private static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")

    /// Where to look, in order: inside each ``` fence (its language line skipped; an unclosed fence
    /// runs to the end), then the whole reply.
    private static func regions(of bytes: [UInt8]) -> [Range<Int>] {
        let fence = Array("```".utf8)
        var fences: [Int] = []
        var index = 0
        while index + fence.count <= bytes.count {
            if bytes[index..<index + fence.count].elementsEqual(fence) {
                fences.append(index)
                index += fence.count
            } else {
                index += 1
            }
        }
        var regions: [Range<Int>] = []
        var next = 0
        while next < fences.count {
            var start = fences[next] + fence.count
            while start < bytes.count, bytes[start] != UInt8(ascii: "\n"), bytes[start] != openBrace { start += 1 }
            let end = next + 1 < fences.count ? fences[next + 1] : bytes.count
            if start < end { regions.append(start..<end) }
            next += 2
        }
        return regions + [0..<bytes.count]
    }

    /// Tries each `{` in turn; the first whose balanced object parses wins. One that runs to the end
    /// of the text unclosed is the reply's truncated answer: every later `{` lies inside it.
    private static func firstObject(in text: ArraySlice<UInt8>) -> Scan {
        var start = text.firstIndex(of: openBrace)
        while let from = start {
            switch match(text, from: from) {
            case .truncated:
                return .truncated
            case .closed(let end):
                let candidate = repaired(text[from...end])
                if (try? JSONSerialization.jsonObject(with: candidate)) is [String: Any] { return .found(candidate) }
            case .mismatched:
                break
            }
            start = text[(from + 1)...].firstIndex(of: openBrace)
        }
        return .none
    }

    /// The index of the `}` closing the `{` at `from`, braces and brackets inside strings ignored.
    private static func match(_ text: ArraySlice<UInt8>, from: Int) -> Match {
        var expected: [UInt8] = []
        var inString = false
        var escaped = false
        for index in from..<text.endIndex {
            let byte = text[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                }
                continue
            }
            switch byte {
            case quote: inString = true
            case openBrace: expected.append(closeBrace)
            case openBracket: expected.append(closeBracket)
            case closeBrace, closeBracket:
                guard expected.last == byte else { return .mismatched }
                expected.removeLast()
                if expected.isEmpty { return .closed(at: index) }
            default: break
            }
        }
        return .truncated
    }

    /// Drops commas before `}` or `]`, and escapes control characters (raw newlines, tabs) inside strings.
    private static func repaired(_ text: ArraySlice<UInt8>) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var inString = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            index += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                } else if byte < 0x20 {
                    out.append(contentsOf: escape(byte))
                    continue
                }
                out.append(byte)
                continue
            }
            if byte == quote {
                inString = true
            } else if byte == comma {
                var ahead = index
                while ahead < text.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(text[ahead]) { ahead += 1 }
                if ahead < text.endIndex, text[ahead] == closeBrace || text[ahead] == closeBracket { continue }
            }
            out.append(byte)
        }
        return Data(out)
    }

    private static func escape(_ byte: UInt8) -> [UInt8] {
        switch byte {
        case 0x0A: return Array("\\n".utf8)
        case 0x0D: return Array("\\r".utf8)
        case 0x09: return Array("\\t".utf8)
        default:
            let hex = String(byte, radix: 16)
            return Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "no \"\(key.stringValue)\"" + (at == "the top level" ? "" : " in \(at)")
        case .typeMismatch(let type, let context): return "\(path(context)) is not of type \(type)"
        case .valueNotFound(_, let context): return "\(path(context)) is null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
