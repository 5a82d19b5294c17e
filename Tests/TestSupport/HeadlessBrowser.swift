import Foundation

/// Debian's headless Chromium, for looking at the HTML reports the way a person will: a
/// screenshot, and whatever the page logged to its console.
public enum HeadlessBrowser {
    public struct Shot: Sendable {
        public let png: String
        /// The page's console messages (`console.error`, uncaught exceptions): none for a clean page.
        public let console: [String]
        public let width: Int
        public let height: Int
        /// Packed RGB, row by row, decoded from the PNG by ffmpeg.
        public let rgb: Data

        /// The share of pixels that are not (near) white: a blank page is 0.
        public var inkedShare: Double {
            var inked = 0
            rgb.withUnsafeBytes { bytes in
                for pixel in stride(from: 0, to: bytes.count - 2, by: 3)
                where Int(bytes[pixel]) + Int(bytes[pixel + 1]) + Int(bytes[pixel + 2]) < 720 {
                    inked += 1
                }
            }
            return Double(inked) / Double(max(width * height, 1))
        }

        /// How many pixels are within `tolerance` of `color` (0xRRGGBB) in every channel.
        public func pixels(near color: UInt32, tolerance: Int = 6) -> Int {
            let target = [Int(color >> 16 & 0xFF), Int(color >> 8 & 0xFF), Int(color & 0xFF)]
            var count = 0
            rgb.withUnsafeBytes { bytes in
                for pixel in stride(from: 0, to: bytes.count - 2, by: 3)
                where abs(Int(bytes[pixel]) - target[0]) <= tolerance
                    && abs(Int(bytes[pixel + 1]) - target[1]) <= tolerance
                    && abs(Int(bytes[pixel + 2]) - target[2]) <= tolerance
                {
                    count += 1
                }
            }
            return count
        }
    }

    /// The browser binary: `chromium-headless-shell` (what `make deps` installs) or a full Chromium.
    public static func binary() throws -> String {
        for name in ["chromium-headless-shell", "chromium", "chromium-browser"] {
            if let path = try? Tool.resolve(name) { return path }
        }
        throw Tool.Failure.notFound("chromium-headless-shell")
    }

    /// Opens `page` (a local HTML file) at `width`×`height` CSS pixels and keeps the screenshot
    /// at `png`. Scripts stay on, so a page that did run one and failed would say so.
    public static func screenshot(_ page: String, to png: String, width: Int = 1100, height: Int = 1600) throws -> Shot
    {
        try FileManager.default.createDirectory(
            atPath: (png as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: png)
        let profile = try temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let result = try Tool.run([
            try binary(), "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile)",
            "--enable-logging=stderr", "--v=0", "--window-size=\(width),\(height)", "--screenshot=\(png)",
            URL(fileURLWithPath: page).absoluteString,
        ])
        let console = result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        let size = try Tool.run([
            "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of",
            "csv=p=0", png,
        ])
        .stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        let raw = "\(profile)/shot.rgb"
        try Tool.run(["ffmpeg", "-v", "error", "-y", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", raw])
        return Shot(
            png: png, console: console, width: size.first ?? 0, height: size.last ?? 0,
            rgb: try Data(contentsOf: URL(fileURLWithPath: raw)))
    }

    /// What the page measured of its own width once loaded, at a `width`-pixel-wide window.
    public struct Overflow: Sendable, Decodable {
        /// The layout viewport's width (CSS pixels).
        public let viewport: Int
        /// The document's scroll width: more than `viewport` means the page scrolls sideways.
        public let scroll: Int
        /// Elements whose box reaches past either edge ("TAG.class left-right"), at most 20.
        public let wide: [String]

        public var fits: Bool { scroll <= viewport && wide.isEmpty }
    }

    /// The page never wrote its measurement: its scripts did not run, or the load event never came.
    public struct MeasurementMissing: Error {
        public let page: String
    }

    /// Opens `page` at `width` CSS pixels and has the page measure itself: a copy beside it (so its
    /// relative links still resolve) gets a script that, on load, compares the document's scroll
    /// width with the viewport and lists every element that reaches past an edge.
    public static func measureOverflow(_ page: String, width: Int) throws -> Overflow {
        let folder = (page as NSString).deletingLastPathComponent
        let copy = "\(folder)/.measure-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let script = #"""
            <script>
            window.addEventListener("load", function () {
              var width = document.documentElement.clientWidth, wide = [];
              document.querySelectorAll("body *").forEach(function (element) {
                var box = element.getBoundingClientRect();
                if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5))
                  wide.push(element.tagName + "." + element.className + " " + Math.round(box.left) + "-" + Math.round(box.right));
              });
              var out = document.createElement("pre");
              out.id = "callsift-measured";
              out.textContent = JSON.stringify({viewport: width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 20)});
              document.body.appendChild(out);
            });
            </script>
            """#
        try (try String(contentsOfFile: page, encoding: .utf8) + script).write(
            toFile: copy, atomically: true, encoding: .utf8)
        let profile = try temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let dom = try Tool.run([
            try binary(), "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile)", "--window-size=\(width),900", "--dump-dom",
            URL(fileURLWithPath: copy).absoluteString,
        ]).stdout
        guard let found = dom.firstMatch(of: #/<pre id="callsift-measured">(.*?)</pre>/#) else {
            throw MeasurementMissing(page: page)
        }
        let json = String(found.1).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
            of: "&amp;", with: "&"
        ).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        return try JSONDecoder().decode(Overflow.self, from: Data(json.utf8))
    }
}
