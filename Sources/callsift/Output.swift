import Core
import Foundation
import Sessions

/// Printing for the commands: human lines, or one JSON object per line.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Text as it is, with no newline added (an export that ends its own lines).
    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Where `transcribe` and `cut` copy an http(s) recording that cannot be read in place.
    static var spoolDirectory: String { (NSTemporaryDirectory() as NSString).appendingPathComponent("callsift-spool") }

    /// One JSON object per line, encoded as the bundles are (compact, key-sorted: byte-stable).
    static func json(_ value: some Encodable) {
        guard let data = try? BundleWriter.encoder.encode(value) else { return }
        line(String(decoding: data, as: UTF8.self))
    }

    /// A progress line redrawn in place on a terminal's stderr; `nil` clears it.
    static func progress(_ text: String?) {
        progress(lines: text.map { [$0] } ?? [])
    }

    /// Progress lines redrawn in place on a terminal's stderr, the cursor left on the first so the
    /// next drawing (or a line on stdout) replaces them all; none clears them. Each is cut to the
    /// terminal's width: a wrapped line would leave a copy behind.
    static func progress(lines: [String]) {
        var size = winsize()
        let width = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) - 1 : 99
        let shown = lines.map { $0.count > width ? String($0.prefix(max(1, width - 1))) + "…" : $0 }
        var text = "\r\u{1B}[J" + shown.joined(separator: "\n")
        if shown.count > 1 { text += "\u{1B}[\(shown.count - 1)A" }
        if !shown.isEmpty { text += "\r" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The error object shared by every command: `{"error": {"code", "message", "details"}}`.
    struct ErrorRecord: Encodable {
        struct Body: Encodable {
            let code: String
            let message: String
            let details: [String: String]
        }

        let source: String
        let error: Body

        init(source: String, _ error: any CodedError) {
            self.source = source
            self.error = Body(code: error.code, message: error.message, details: error.details)
        }
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .file)
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.3f s", value)
    }
}
