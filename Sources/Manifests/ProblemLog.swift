/// The problems found in one file, in the order found. A reference, so that every node read from
/// the file reports into the same list.
final class ProblemLog {
    let file: String
    private(set) var problems: [ManifestProblem] = []

    init(file: String) {
        self.file = file
    }

    func add(_ code: ManifestProblem.Code, line: Int?, field: String, _ message: String) {
        problems.append(ManifestProblem(file: file, line: line, field: field, code: code, message: message))
    }
}
