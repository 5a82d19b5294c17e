import Mustache

/// The rollup page: a rep (or a team) over a range of days, one self-contained HTML file (inline
/// CSS and SVG, no scripts, no network), rebuilt from the database any time by `callsift report --html`.
public enum RollupReport {
    /// The page for the entries in `scope` (entries outside it are left out).
    public static func render(entries: [ReportEntry], scope: RollupScope) throws -> String {
        let view = RollupView(entries: entries.filter(scope.contains), scope: scope)
        return try MustacheTemplate(string: template).render(view)
    }
}
