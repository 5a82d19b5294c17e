import Scoring

/// One score in a heat table: the number and a grade the CSS colors, so a row of six pillars
/// reads at a glance. Grades: `good` 80 and up, `fair` 60–79, `weak` under 60, `none` when the
/// conversation was not analyzed, or the pillar was not measured (its neutral 50 shown grey).
struct ScoreCell: Sendable {
    var value: String
    var grade: String
    /// The column's name, for the phone layout (where a row is a card and each cell says what it is).
    var label = "overall"

    init(_ score: Int?) {
        guard let score else {
            value = "—"
            grade = "none"
            return
        }
        value = "\(score)"
        grade = score >= 80 ? "good" : score >= 60 ? "fair" : "weak"
    }

    /// The six pillars, then overall, as the column headers and the cells of one analysis.
    static let headers = Analysis.Pillar.allCases.map { $0.rawValue.capitalized } + ["Overall"]

    static func row(_ analysis: Analysis?) -> [ScoreCell] {
        guard let analysis else { return labelled(Array(repeating: ScoreCell(nil), count: headers.count)) }
        let unmeasured = Set(analysis.synthesisSnapshot.unmeasuredPillars)
        return labelled(
            Analysis.Pillar.allCases.map { pillar in
                var cell = ScoreCell(analysis.score(pillar))
                if unmeasured.contains(pillar.rawValue) { cell.grade = "none" }
                return cell
            } + [ScoreCell(analysis.overallScore)])
    }

    /// Cells in `headers` order, each given its column's name.
    static func labelled(_ cells: [ScoreCell]) -> [ScoreCell] {
        zip(cells, headers).map { cell, header in
            var cell = cell
            cell.label = header.lowercased()
            return cell
        }
    }

    /// The mean of some scores, one decimal, as a cell (graded on the rounded mean).
    static func mean(_ scores: [Int]) -> ScoreCell {
        guard !scores.isEmpty else { return ScoreCell(nil) }
        let mean = Double(scores.reduce(0, +)) / Double(scores.count)
        var cell = ScoreCell(Int(mean.rounded()))
        cell.value = TimelineView.number((mean * 10).rounded() / 10)
        return cell
    }
}
