import Foundation
import Manifests
import Sessions
import TestSupport
import Testing

@testable import Batch

/// The host checks a run makes before it takes any recording.
@Suite struct PreflightTests {
    static func item(_ path: String) -> WorkItem {
        WorkItem(source: path, orgID: "o", repID: "r", options: RecordingOptions(), metadata: [:], origin: "test")
    }

    @Test func theEstimateCountsEachLocalRecordingAndItsBundle() throws {
        let root = try temporaryDirectory("preflight-estimate")
        let file = "\(root)/day.mp3"
        try Data(count: 5 << 20).write(to: URL(fileURLWithPath: file))
        let work = [Self.item(file), Self.item("https://example.com/call.mp3")]
        let withAudio = Preflight.estimatedBytes(for: work, segmentsAudio: true)
        #expect(withAudio == Preflight.headroomBytes + 2 * Preflight.bundleBytes + (5 << 20))
        #expect(Preflight.estimatedBytes(for: work, segmentsAudio: false) == withAudio - (5 << 20))
    }

    @Test func tooLittleSpaceStopsTheRunWithWhatToDo() throws {
        let root = try temporaryDirectory("preflight-space")
        let work = [Self.item("\(root)/missing.wav")]
        let needed = Preflight.estimatedBytes(for: work, segmentsAudio: true)
        try Preflight.checkDiskSpace(output: root, work: work, segmentsAudio: true, freeBytes: needed)
        do {
            try Preflight.checkDiskSpace(output: root, work: work, segmentsAudio: true, freeBytes: needed - 1)
            Issue.record("accepted too little space")
        } catch {
            #expect(error.code == "insufficient_disk_space")
            #expect(error.message.contains("segments_audio: false") && error.message.contains("1 recording(s)"))
        }
        // The real file system's figure: this machine has more than a few MiB free.
        try Preflight.checkDiskSpace(output: root, work: work, segmentsAudio: true)
    }

    @Test func anOutputThatTakesNoFilesStopsTheRun() throws {
        let root = try temporaryDirectory("preflight-output")
        try Preflight.checkOutput("\(root)/out")
        #expect(FileManager.default.fileExists(atPath: "\(root)/out"), "made when missing")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/out").isEmpty, "the check file is gone")
        // A file where the folder should be (permissions would not stop root).
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(root)/file"))
        do {
            try Preflight.checkOutput("\(root)/file/out")
            Issue.record("accepted an output under a file")
        } catch {
            #expect(error.code == "output_not_writable" && error.message.contains("\(root)/file/out"))
        }
    }
}
