import Conversations
import Foundation

/// The truth file samples/generate.py writes beside each sample recording: the library's `GroundTruth`.
public typealias SampleTruth = GroundTruth

extension GroundTruth {
    /// The samples, generated once per test process into the fixtures folder.
    public static let directory: Result<String, any Error> = Result {
        let directory = try temporaryDirectory("samples")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../samples/generate.py"
        ).standardized.path
        try Tool.run(["python3", script, directory])
        return directory
    }

    /// The held-out evaluation set (heldout/generate.py), generated once per test process.
    public static let heldOutDirectory: Result<String, any Error> = Result {
        let directory = try temporaryDirectory("heldout")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../heldout/generate.py"
        ).standardized.path
        try Tool.run(["python3", script, directory])
        return directory
    }

    /// The truth of sample `name` (e.g. "workday", "renewal-call-stereo").
    public static func load(_ name: String) throws -> GroundTruth {
        try load(path: "\(try directory.get())/\(name).truth.json")
    }
}
