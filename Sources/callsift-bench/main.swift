import Foundation
import Media
import TestSupport

// `make bench`: callsift's media layer measured side by side with the reference tools, in one run,
// on this machine. Work files are kept in bench-out/ (made once, reused).
//
//   callsift-bench               everything below
//   callsift-bench media         probe, cut and decode only
//   callsift-bench speech        transcription only
//   callsift-bench models        tiny.en against the multilingual base: WER, speed, memory
//   callsift-bench conversations conversation detection only
//   callsift-bench run           `callsift run` on a 100-recording manifest vs its stages run alone
//   callsift-bench timeline      what the per-utterance signals add to transcribing the sample workdays
//   callsift-bench scale         1, 2 and 4 `callsift run` workers on SQLite and PostgreSQL, and
//                                the claim latency
//   callsift-bench decode PATH   decode PATH to 16 kHz mono and print seconds and samples (used
//                                internally, in a child process, to measure peak memory)

let workDirectory = FileManager.default.currentDirectoryPath + "/bench-out"

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func ffmpeg(_ arguments: [String]) throws {
    try Tool.run(["ffmpeg", "-v", "error", "-y"] + arguments)
}

func make(_ name: String, _ body: (String) throws -> Void) throws -> String {
    let path = "\(workDirectory)/\(name)"
    if !FileManager.default.fileExists(atPath: path) {
        print("  making \(name)…")
        try body(path + ".partial")
        try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
    }
    return path
}

/// Runs `arguments` as a child, which prints "<seconds> <samples> <peak resident KiB>".
func child(_ arguments: [String]) throws -> (seconds: Double, peakMiB: Double) {
    let fields = try Tool.run(arguments).stdout.split(separator: " ").compactMap {
        Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return (fields[0], fields[2] / 1024)
}

func row(_ label: String, _ ours: String, _ theirs: String, _ verdict: String) {
    func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 2), withPad: " ", startingAt: 0)
    }
    print(pad(label, 30) + pad(ours, 30) + pad(theirs, 34) + verdict)
    fflush(nil)  // each row as it is measured, also into a file or a pipe
}

// MARK: - decode child

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "decode" {
    var samples = 0
    let elapsed = try seconds {
        let decoder = try AudioDecoder(MediaSource(CommandLine.arguments[2]))
        while let chunk = try decoder.next() { samples += chunk.frameCount }
    }
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    print(elapsed, samples, usage.ru_maxrss)
    exit(0)
}

// MARK: - inputs

try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
print("callsift bench — inputs in \(workDirectory)")
let part = CommandLine.arguments.dropFirst().first ?? "all"
if part == "conversations" {
    print("")
    row("", "callsift", "", "")
    try await DetectionBench.run(row: row)
    exit(0)
}
if part == "run" {
    print("")
    row("", "callsift", "reference", "ratio")
    try RunBench.run(row: row)
    exit(0)
}
if part == "timeline" {
    print("")
    row("", "signals pass", "reference", "share")
    try TimelineBench.run(row: row)
    exit(0)
}
if part == "scale" {
    print("")
    row("", "callsift workers", "reference", "ratio")
    try await ScaleBench.run(row: row)
    exit(0)
}
if part == "models" {
    print("")
    row("", "word error rate", "speed", "memory")
    try ModelsBench.run(row: row)
    exit(0)
}
if part == "speech" {
    print("")
    row("", "callsift", "reference", "ratio")
    try SpeechBench.run(row: row)
    exit(0)
}
let speechLike = ["-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.2:r=44100:d=3600", "-af", "tremolo=f=3:d=0.9"]
let hour = try make("hour.mp3") {
    try ffmpeg(speechLike + ["-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", $0])
}
let minute = try make("minute.mp3") { try ffmpeg(["-i", hour, "-t", "60", "-c", "copy", "-f", "mp3", $0]) }
let twelveHours = try make("twelve-hours.mp3") { path in
    let list = "\(workDirectory)/concat.txt"
    try String(repeating: "file '\(hour)'\n", count: 12).write(toFile: list, atomically: true, encoding: .utf8)
    try ffmpeg(["-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-f", "mp3", path])
}
let probeFormats = ["mp3", "wav", "m4a", "flac", "ogg"]
let probeFiles = (0..<500).map { "\(workDirectory)/probe-500/\($0).\(probeFormats[$0 % probeFormats.count])" }
_ = try make("probe-500") { directory in
    print("  making 500 files to probe…")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let formats: [(String, [String])] = [
        ("mp3", ["-c:a", "libmp3lame"]), ("wav", []), ("m4a", ["-c:a", "aac"]), ("flac", []),
        ("ogg", ["-c:a", "libvorbis"]),
    ]
    for (format, encoding) in formats {
        try ffmpeg(["-f", "lavfi", "-i", "sine=d=30", "-ac", "2"] + encoding + ["\(directory)/seed.\(format)"])
    }
    for (index, file) in probeFiles.enumerated() {
        let format = probeFormats[index % probeFormats.count]
        try FileManager.default.copyItem(
            atPath: "\(directory)/seed.\(format)",
            toPath: directory + "/" + URL(fileURLWithPath: file).lastPathComponent)
    }
}

print("")
row("", "callsift (in process)", "reference", "ratio")

// MARK: - probe

_ = try Probe.probe(MediaSource(probeFiles[0]))  // load the libraries once, as a long run would have
let oursProbe = try seconds { for file in probeFiles { _ = try Probe.probe(MediaSource(file)) } }
let theirsProbe = try seconds {
    for file in probeFiles {
        try Tool.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", file])
    }
}
row(
    "probe 500 files",
    String(format: "%.2f s (%.2f ms/file)", oursProbe, oursProbe * 2),
    String(format: "ffprobe: %.2f s (%.1f ms/file)", theirsProbe, theirsProbe * 2),
    String(format: "%.1f× faster (target ≥ 20×)", theirsProbe / oursProbe))

// MARK: - cut

let cutDirectory = "\(workDirectory)/cuts"
try? FileManager.default.removeItem(atPath: cutDirectory)
try FileManager.default.createDirectory(atPath: cutDirectory, withIntermediateDirectories: true)
let ranges = (0..<20).map { index -> (Double, Double) in
    let start = 30 + Double(index) * 171.3
    return (start, start + 95.5)
}
let oursCut = try seconds {
    for (index, range) in ranges.enumerated() {
        _ = try Cutter.cut(
            MediaSource(hour), start: range.0, end: range.1, to: .file("\(cutDirectory)/ours-\(index).mp3"))
    }
}
let theirsCut = try seconds {
    for (index, range) in ranges.enumerated() {
        try ffmpeg([
            "-ss", String(range.0), "-to", String(range.1), "-i", hour, "-c", "copy",
            "\(cutDirectory)/ffmpeg-\(index).mp3",
        ])
    }
}
var identical = 0
var sameStart = 0
var endDifferences: [Int] = []
var worstOurs = 0.0
var worstTheirs = 0.0
for (index, range) in ranges.enumerated() {
    let ours = try Tool.packetHashes("\(cutDirectory)/ours-\(index).mp3")
    let theirs = try Tool.packetHashes("\(cutDirectory)/ffmpeg-\(index).mp3")
    if ours == theirs { identical += 1 }
    if ours.first == theirs.first { sameStart += 1 }
    endDifferences.append(theirs.count - ours.count)
    let played = Double(try Tool.ffprobe("\(cutDirectory)/ours-\(index).mp3", entry: "format=duration")) ?? 0
    let theirsPlayed = Double(try Tool.ffprobe("\(cutDirectory)/ffmpeg-\(index).mp3", entry: "format=duration")) ?? 0
    worstOurs = max(worstOurs, abs(played - (range.1 - range.0)))
    worstTheirs = max(worstTheirs, abs(theirsPlayed - (range.1 - range.0)))
}
row(
    "cut 20 × 95.5 s from 1 h MP3",
    String(format: "%.3f s", oursCut),
    String(format: "ffmpeg -ss -to -c copy: %.2f s", theirsCut),
    String(format: "%.1f× faster (target ≥ 1×)", theirsCut / oursCut))
print(
    String(repeating: " ", count: 30)
        + "same first packet as ffmpeg in \(sameStart)/20, identical packets in \(identical)/20; "
        + "ffmpeg keeps \(endDifferences.min() ?? 0)…\(endDifferences.max() ?? 0) more packet(s) at the end")
print(
    String(repeating: " ", count: 30)
        + String(
            format: "duration off the request by ≤ %.1f ms (ffmpeg: ≤ %.1f ms; an MP3 packet is 26.1 ms)",
            worstOurs * 1000, worstTheirs * 1000))

// MARK: - decode

let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
let decodeMinute = try child([me, "decode", minute])
let decodeHour = try child([me, "decode", hour])
let decodeTwelve = try child([me, "decode", twelveHours])
let theirsDecode = try seconds {
    try ffmpeg(["-i", hour, "-ar", "16000", "-ac", "1", "-f", "f32le", "/dev/null"])
}
row(
    "decode 1 h MP3 → 16 kHz mono",
    String(format: "%.2f s (%.0f× realtime)", decodeHour.seconds, 3600 / decodeHour.seconds),
    String(format: "ffmpeg: %.2f s (%.0f× realtime)", theirsDecode, 3600 / theirsDecode),
    String(format: "%.2f× ffmpeg's speed", theirsDecode / decodeHour.seconds))
row(
    "decode 12 h MP3", String(format: "%.1f s (%.0f× realtime)", decodeTwelve.seconds, 43200 / decodeTwelve.seconds),
    "", "")
row(
    "peak memory while decoding",
    String(
        format: "1 min %.0f MiB, 1 h %.0f MiB, 12 h %.0f MiB", decodeMinute.peakMiB, decodeHour.peakMiB,
        decodeTwelve.peakMiB),
    "(whole process, 30 s chunks)", "")

if part == "all" {
    try SpeechBench.run(row: row)
    try ModelsBench.run(row: row)
    try await DetectionBench.run(row: row)
    try RunBench.run(row: row)
    try TimelineBench.run(row: row)
    try await ScaleBench.run(row: row)
}
