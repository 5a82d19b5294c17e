import Foundation
import TestSupport
import Testing

/// `callsift eval` as a user runs it: the whole chain on freshly generated samples, transcribed for real.
@Suite(.serialized) struct EvalCLITests {
    @Test func theTranscribedSamplesMeetTheFloors() throws {
        let directory = try SampleTruth.directory.get()
        let truthFiles = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.hasSuffix(".truth.json")
        }
        let result = try CLITests.callsift(["eval", directory, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try CLITests.jsonLines(result.stdout)
        for row in rows {
            print(
                String(
                    format: "EvalCLITests %@: F1 %.2f, Pk %.3f, outcome %@, non-sales analyzed %d",
                    row["recording"] as? String ?? "?",
                    row["f1"] as? Double ?? -1, row["pk"] as? Double ?? -1, "\(row["outcome_accuracy"] ?? "-")",
                    row["non_sales_analyzed"] as? Int ?? -1))
        }
        #expect(rows.count == truthFiles.count + 1, "one row per recording, then the overall row")
        #expect(Set(rows.dropLast().compactMap { $0["recording"] as? String }).count == truthFiles.count)
        let overall = try #require(rows.last)
        #expect(overall["recording"] as? String == "overall")
        #expect(
            overall["true_conversations"] as? Int
                == rows.dropLast().reduce(0) { $0 + ($1["true_conversations"] as? Int ?? 0) })
        #expect(try #require(overall["f1"] as? Double) >= 0.95, "the back-to-back calls must be split")
        #expect(overall["non_sales_analyzed"] as? Int == 0, "nothing but sales calls analyzed")
        #expect(overall["missed_sales_conversations"] as? Int == 0)
        #expect(try #require(overall["outcome_accuracy"] as? Double) >= 0.85)
        #expect(try #require(overall["speech_coverage"] as? Double) >= 0.98)
    }

    /// The held-out set, made independently of the samples and never used to tune a cue
    /// (heldout/README.md). These are the floors it holds today, a guard against regressions;
    /// the targets (boundary F1 ≥ 0.95, outcome ≥ 85%, no non-sales segment analyzed) are not all
    /// met yet, and `callsift eval` says which on standard error and exits 1 while they are not.
    /// tiny.en's words differ slightly from one CPU to another (its int8 arithmetic runs on
    /// different instructions): on an Intel machine with AMX the set gave F1 0.97 and no sales call
    /// missed, on an AMD EPYC F1 0.90 and one (a staffing call heard as not selling), with the
    /// same code. The floors are the lower machine's.
    @Test func theHeldOutSetHoldsItsFloors() throws {
        let directory = try SampleTruth.heldOutDirectory.get()
        let result = try CLITests.callsift(["eval", directory, "--json"])
        let rows = try CLITests.jsonLines(result.stdout)
        for row in rows {
            print(
                String(
                    format:
                        "EvalCLITests held-out %@: F1 %.2f, missed sales %d, non-sales analyzed %d, outcome %@, coverage %@, DER %.2f",
                    row["recording"] as? String ?? "?", row["f1"] as? Double ?? -1,
                    row["missed_sales_conversations"] as? Int ?? -1,
                    row["non_sales_analyzed"] as? Int ?? -1, "\(row["outcome_accuracy"] ?? "-")",
                    "\(row["speech_coverage"] ?? "-")",
                    row["der"] as? Double ?? -1))
        }
        let overall = try #require(rows.last)
        #expect(overall["recording"] as? String == "overall")
        #expect(overall["true_conversations"] as? Int == 20)
        #expect(
            try #require(overall["missed_sales_conversations"] as? Int) <= 1, "at most one sales call missing")
        #expect(try #require(overall["speech_coverage"] as? Double) >= 0.98)
        #expect(try #require(overall["f1"] as? Double) >= 0.88)
        #expect(try #require(overall["outcome_accuracy"] as? Double) >= 0.40)
        #expect(try #require(overall["non_sales_analyzed"] as? Int) <= 3)
        #expect(try #require(overall["der"] as? Double) <= 0.30)
        // Every target the set misses is named, and the exit status says so.
        let missed = result.stderr.split(separator: "\n").filter { $0.contains("floor not met") }
        #expect(result.status == (missed.isEmpty ? 0 : 1), "\(result.stderr)")
    }

    @Test func aMissingOrEmptySamplesFolderIsAUsageError() throws {
        let missing = try CLITests.callsift(["eval", "/nonexistent/samples"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("is not a folder"), "\(missing.stderr)")
        let empty = try CLITests.callsift(["eval", try temporaryDirectory("eval-empty")])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no *.truth.json"), "\(empty.stderr)")
        #expect(
            try CLITests.callsift([
                "eval", try temporaryDirectory("eval-empty"), "--transcripts", "/nonexistent/transcripts",
            ]).status == 2)
    }
}
