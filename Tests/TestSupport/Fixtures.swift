import Foundation

/// Real media made on the fly with ffmpeg and espeak-ng, once per test process, in a temporary folder
/// removed at exit. Every format callsift must read, mono speech and stereo (a tone on the left only),
/// and every kind of bad input.
public final class Fixtures: @unchecked Sendable {
    // @unchecked: the stored paths are immutable; the lazily made long file is guarded by `lock`.

    public enum Format: String, CaseIterable, Sendable {
        case mp3, wav, m4a, aac, ogg, flac, opus, webm, mp4

        /// ffmpeg output arguments for this format.
        var encoding: [String] {
            switch self {
            case .mp3: ["-c:a", "libmp3lame", "-b:a", "64k"]
            case .wav: ["-c:a", "pcm_s16le"]
            case .m4a: ["-c:a", "aac", "-b:a", "64k"]
            case .aac: ["-c:a", "aac", "-b:a", "64k", "-f", "adts"]
            case .ogg: ["-c:a", "libvorbis", "-q:a", "3"]
            case .flac: ["-c:a", "flac"]
            case .opus: ["-c:a", "libopus", "-b:a", "32k"]
            case .webm: ["-c:a", "libopus", "-b:a", "32k"]
            case .mp4: ["-c:a", "aac", "-b:a", "64k", "-c:v", "mpeg4", "-shortest"]
            }
        }
    }

    /// Length of the stereo tone fixtures.
    public static let toneSeconds = 8.0
    public static let title = "callsift fixture"

    public let directory: String
    /// Mono speech (espeak-ng), a few seconds, in each format.
    public let speech: [Format: String]
    /// Stereo: a 440 Hz tone on the left, silence on the right, in each format.
    public let stereo: [Format: String]
    public let missing: String
    public let emptyFile: String
    public let textNamedWav: String
    public let randomBytesNamedM4a: String
    /// An MP3 with a Xing header, cut at 40 % of its bytes: the header promises the whole.
    public let truncatedMP3: String
    /// The same without a Xing header: only the cut-off last frame tells.
    public let truncatedMP3WithoutHeader: String
    public let videoWithoutAudio: String
    public let folder: String

    private let lock = NSLock()
    private var clickTracks: [Int: String] = [:]
    private var madeConversation: Conversation?
    private var madeNonSpeech: (silence: String, music: String)?

    private static let root = NSTemporaryDirectory() + "callsift-fixtures-\(getpid())"
    private static let made: Result<Fixtures, any Error> = Result { try Fixtures(directory: root) }

    /// The fixtures of this process, made on first use.
    public static func shared() throws -> Fixtures {
        try made.get()
    }

    private init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.root) }
        func path(_ name: String) -> String { "\(directory)/\(name)" }

        let voice = path("speech-source.wav")
        try Tool.run([
            "espeak-ng", "-v", "en-us", "-s", "150", "-w", voice,
            "Hello, this is Alex from Northwind. Do you have a minute to talk about your phone bill?",
        ])
        var speech: [Format: String] = [:]
        var stereo: [Format: String] = [:]
        for format in Format.allCases {
            let mono = path("speech.\(format.rawValue)")
            var arguments = ["ffmpeg", "-v", "error", "-y", "-i", voice]
            if format == .mp4 { arguments += ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=5"] }
            try Tool.run(arguments + format.encoding + ["-metadata", "title=\(Self.title)", mono])
            speech[format] = mono

            let tone = path("stereo.\(format.rawValue)")
            arguments = [
                "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=44100:duration=\(Self.toneSeconds)",
            ]
            if format == .mp4 { arguments += ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=5"] }
            try Tool.run(arguments + ["-af", "pan=stereo|c0=c0|c1=0*c0"] + format.encoding + [tone])
            stereo[format] = tone
        }
        self.speech = speech
        self.stereo = stereo

        missing = path("no-such-recording.mp3")
        emptyFile = path("empty.mp3")
        _ = FileManager.default.createFile(atPath: emptyFile, contents: Data())
        textNamedWav = path("notes.wav")
        try "Call notes: customer asked for a callback on Tuesday.\nNothing recorded.\n"
            .write(toFile: textNamedWav, atomically: true, encoding: .utf8)
        randomBytesNamedM4a = path("random.m4a")
        // Noise from a fixed seed (xorshift64): truly random bytes now and then look like a
        // container without audio to libavformat, which made the expected code flaky.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<65_536).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        _ = FileManager.default.createFile(atPath: randomBytesNamedM4a, contents: Data(noise))

        let long = path("long-tone.mp3")
        let longWithoutHeader = path("long-tone-noxing.mp3")
        let sine = [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=300:duration=30", "-c:a", "libmp3lame",
            "-b:a", "64k",
        ]
        try Tool.run(sine + [long])
        try Tool.run(sine + ["-write_xing", "0", longWithoutHeader])
        truncatedMP3 = path("truncated.mp3")
        truncatedMP3WithoutHeader = path("truncated-noxing.mp3")
        for (whole, cut) in [(long, truncatedMP3), (longWithoutHeader, truncatedMP3WithoutHeader)] {
            let data = try Data(contentsOf: URL(fileURLWithPath: whole))
            try data.prefix(data.count * 4 / 10 + 7).write(to: URL(fileURLWithPath: cut))
        }

        videoWithoutAudio = path("screen-recording.mp4")
        try Tool.run([
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=5:duration=3",
            "-c:v", "mpeg4", videoWithoutAudio,
        ])
        folder = path("a-folder.wav")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The two-voice call of `Conversation`, made on first use.
    public func conversation() throws -> Conversation {
        try lock.withLock {
            if let madeConversation { return madeConversation }
            let folder = "\(directory)/conversation"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let made = try Conversation.make(in: folder)
            madeConversation = made
            return made
        }
    }

    /// 60 s of digital silence with a little noise floor, and 30 s of synthesized hold music
    /// (sine chords with tremolo): audio with no speech in it.
    public func nonSpeech() throws -> (silence: String, music: String) {
        try lock.withLock {
            if let madeNonSpeech { return madeNonSpeech }
            let silence = "\(directory)/silence.wav"
            let music = "\(directory)/music.mp3"
            try Tool.run([
                "sox", "-n", "-r", "16000", "-c", "1", "-b", "16", silence, "synth", "60", "whitenoise", "vol", "0.001",
            ])
            var chords: [String] = []
            for (index, notes) in [
                ["262", "330", "392"], ["294", "349", "440"], ["330", "392", "494"], ["349", "440", "523"],
            ].enumerated() {
                let chord = "\(directory)/chord-\(index).wav"
                try Tool.run([
                    "sox", "-n", "-r", "44100", "-c", "1", chord, "synth", "0.75", "sine", notes[0], "synth", "0.75",
                    "sine", "mix", notes[1],
                    "synth", "0.75", "sine", "mix", notes[2],
                ])
                chords.append(chord)
            }
            let bar = "\(directory)/bar.wav"
            try Tool.run(["sox"] + chords + [bar])
            let long = "\(directory)/music.wav"
            try Tool.run(["sox", bar, long, "repeat", "9", "tremolo", "5", "30", "vol", "0.4"])
            try Tool.run(["ffmpeg", "-v", "error", "-y", "-i", long, "-c:a", "libmp3lame", "-b:a", "96k", music])
            madeNonSpeech = (silence, music)
            return (silence, music)
        }
    }

    /// `hours` of 22.05 kHz MP3, silent but for a 50 ms 1 kHz click at the start of every minute:
    /// where the clicks land in decoded audio shows any drift. Made on first use (~6 s an hour).
    public func clickTrack(hours: Int) throws -> String {
        try lock.withLock {
            if let made = clickTracks[hours] { return made }
            let path = "\(directory)/clicks-\(hours)h.mp3"
            try Tool.run([
                "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                "-i",
                "aevalsrc=exprs='if(lt(mod(t\\,60)\\,0.05)\\,0.8*sin(2*PI*1000*t)\\,0)':s=22050:d=\(hours * 3600)",
                "-c:a", "libmp3lame", "-compression_level", "9", "-b:a", "24k", path,
            ])
            clickTracks[hours] = path
            return path
        }
    }
}
