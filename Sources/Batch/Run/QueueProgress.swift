import Foundation
import Transcripts

/// Where a run's queue stands, kept from its progress events: what the terminal's progress block
/// draws, and what the run stores for `callsift status` (as a `Snapshot`) while it goes on.
public struct QueueProgress: Sendable, Equatable {
    public var toProcess = 0
    public var completed = 0
    public var failed = 0
    public var stopped = 0
    /// Audio of the recordings that completed, in seconds.
    public var audioCompleted = 0.0
    /// The length of each recording still to finish, when known (local files are probed up front,
    /// the others once their transcription reports it).
    public var lengths: [String: Double] = [:]
    /// Per recording in flight: seconds transcribed so far.
    public var inFlight: [String: Double] = [:]

    public init() {}

    public var done: Int { completed + failed + stopped }

    /// Audio processed so far: the completed recordings and what is transcribed of those in flight.
    public var audioDone: Double { audioCompleted + inFlight.values.reduce(0, +) }

    /// Audio still to do among the recordings whose length is known.
    public var audioLeft: Double {
        lengths.reduce(0) { total, entry in total + max(0, entry.value - (inFlight[entry.key] ?? 0)) }
    }

    /// Recordings still to finish whose length is not known yet (URLs before they are taken): the
    /// ETA leaves them out.
    public var lengthsUnknown: Int { max(0, toProcess - done - lengths.count) }

    /// Whether the event changed anything here.
    @discardableResult
    public mutating func apply(_ event: RunProgress.Event) -> Bool {
        switch event {
        case .discovered(_, let toProcess, let queuedSeconds):
            self.toProcess = toProcess
            lengths = queuedSeconds
        case .started(let source, _, _):
            inFlight[source] = 0
        case .transcribed(let source, let seconds, let total):
            inFlight[source] = seconds
            if let total { lengths[source] = total }
        case .completed(let source, _, _, let seconds):
            finish(source)
            completed += 1
            audioCompleted += seconds
        case .failed(let source, _):
            finish(source)
            failed += 1
        case .stopped(let source, _):
            finish(source)
            stopped += 1
        case .skipped, .warning:
            return false
        }
        return true
    }

    private mutating func finish(_ source: String) {
        inFlight[source] = nil
        lengths[source] = nil
    }

    /// Times realtime over `elapsed` seconds of the run.
    public func speed(elapsed: Double) -> Double { elapsed > 0 ? audioDone / elapsed : 0 }

    /// Seconds until the queue's known audio is done at the speed measured so far; nil before
    /// anything is measured or when nothing known is left.
    public func etaSeconds(elapsed: Double) -> Double? {
        let speed = speed(elapsed: elapsed)
        let left = audioLeft
        return speed > 0 && left > 0 ? left / speed : nil
    }

    /// The stage of a recording in flight, in words: "starting", "transcribing 40% (2:00 of 5:00)",
    /// "finding and scoring conversations" once its audio is transcribed.
    public func stage(of source: String) -> String {
        let done = inFlight[source] ?? 0
        let length = lengths[source]
        if let length, length > 0, done >= length - 0.5 { return "finding and scoring conversations" }
        guard done > 0 || length != nil else { return "starting" }
        let share = length.map { " \(Int(100 * min(1, done / max($0, 1))))%" } ?? ""
        let of = length.map { " of \(TimeSpan.clock($0))" } ?? ""
        return "transcribing\(share) (\(TimeSpan.clock(done))\(of))"
    }

    /// What the run stores as it goes, at `now`, for a run that started at `started`.
    public func snapshot(started: Date, now: Date = Date()) -> Snapshot {
        let elapsed = now.timeIntervalSince(started)
        return Snapshot(
            toProcess: toProcess, completed: completed, failed: failed, stopped: stopped,
            audioDoneSeconds: Self.millis(audioDone), audioLeftSeconds: Self.millis(audioLeft),
            lengthsUnknown: lengthsUnknown, speed: Self.millis(speed(elapsed: elapsed)),
            etaSeconds: etaSeconds(elapsed: elapsed).map { $0.rounded() },
            inFlight: inFlight.keys.sorted().map { source in
                .init(
                    source: source, transcribedSeconds: Self.millis(inFlight[source] ?? 0),
                    lengthSeconds: lengths[source].map(Self.millis), stage: stage(of: source))
            },
            updatedAt: now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    /// Sums of seconds carry float noise (61.826750000000004) nobody measured.
    private static func millis(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// A run's progress as stored in its row and shown by `callsift status --json`.
    public struct Snapshot: Sendable, Codable, Equatable {
        public struct InFlight: Sendable, Codable, Equatable {
            public var source: String
            public var transcribedSeconds: Double
            public var lengthSeconds: Double?
            public var stage: String

            enum CodingKeys: String, CodingKey {
                case source, stage
                case transcribedSeconds = "transcribed_seconds"
                case lengthSeconds = "length_seconds"
            }
        }

        public var toProcess: Int
        public var completed: Int
        public var failed: Int
        public var stopped: Int
        public var audioDoneSeconds: Double
        /// Among the recordings whose length is known.
        public var audioLeftSeconds: Double
        public var lengthsUnknown: Int
        /// Times realtime since the run started.
        public var speed: Double
        /// From `updatedAt`; nil before anything was measured.
        public var etaSeconds: Double?
        public var inFlight: [InFlight]
        /// RFC 3339, to the millisecond.
        public var updatedAt: String

        public var done: Int { completed + failed + stopped }

        public var updated: Date? {
            try? Date(updatedAt, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }

        /// The ETA as of `now`: what was left when the run last said, less the time since.
        public func etaSeconds(at now: Date) -> Double? {
            etaSeconds.map { max(0, $0 - now.timeIntervalSince(updated ?? now)) }
        }

        enum CodingKeys: String, CodingKey {
            case completed, failed, stopped, speed
            case toProcess = "to_process"
            case audioDoneSeconds = "audio_done_seconds"
            case audioLeftSeconds = "audio_left_seconds"
            case lengthsUnknown = "lengths_unknown"
            case etaSeconds = "eta_seconds"
            case inFlight = "in_flight"
            case updatedAt = "updated_at"
        }

        public func encoded() -> Data { (try? JSONEncoder().encode(self)) ?? Data("{}".utf8) }

        public static func decode(_ data: Data) -> Snapshot? { try? JSONDecoder().decode(Snapshot.self, from: data) }
    }
}
