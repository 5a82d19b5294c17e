/// What both report pages share (the recording's and the rollup), inlined into each template so a
/// page is one file that opens anywhere: the CSS, and the timeline strip (a `TimelineView` section).
enum ReportStyle {
    static let timeline = #"""
        <svg class="timeline" viewBox="-25 0 1050 80" role="img" aria-label="Conversations over the recording">
        <rect x="0" y="20" width="1000" height="30" fill="#f5f7f8"/>
        {{#bands}}<rect class="band {{kind}}" x="{{x}}" y="20" width="{{width}}" height="30"><title>{{tooltip}}</title></rect>{{#label}}<text class="band-label" x="{{labelX}}" y="15" text-anchor="middle">{{label}}</text>{{/label}}
        {{/bands}}
        {{#ticks}}<g class="tick"><line x1="{{x}}" y1="50" x2="{{x}}" y2="56"/><text x="{{x}}" y="70" text-anchor="middle">{{label}}</text></g>
        {{/ticks}}
        </svg>
        """#

    static let css = #"""
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2329; max-width: 980px; margin: 2em auto; padding: 0 1em; }
        h1 { font-size: 1.5em; margin-bottom: .2em; word-break: break-all; }
        h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #dde3e8; padding-bottom: .2em; }
        .muted { color: #5f6b76; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; }
        dl.facts dt { color: #5f6b76; }
        dl.facts dd { margin: 0; }
        .counts span { display: inline-block; margin-right: 1.2em; }
        .counts b { font-size: 1.3em; }
        .failure { border-left: 4px solid #c62828; background: #fdecea; padding: .6em 1em; }
        .empty { border-left: 4px solid #78909c; background: #eef2f4; padding: .6em 1em; }
        svg { display: block; width: 100%; height: auto; }
        .band.analyzed { fill: #2e7d32; }
        .band.needs_review { fill: #f9a825; }
        .band.skipped { fill: #78909c; }
        .band.other { fill: #cfd8dc; }
        .tick line { stroke: #8a96a0; }
        .tick text, .chart text { font-size: 11px; fill: #3a444d; }
        .legend span { margin-right: 1em; font-size: .9em; }
        .legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -1px; }
        .bar { fill: #1565c0; }
        .bar.overall { fill: #0d3c73; }
        .bar.unmeasured { fill: #b0bec5; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .3em .5em; border-bottom: 1px solid #eef1f3; }
        blockquote { margin: .3em 0 .3em 1em; color: #37474f; }
        audio { width: 100%; margin: .3em 0; }
        .band-label { font-size: 12px; fill: #1d2329; }
        td.score { text-align: right; font-variant-numeric: tabular-nums; width: 3.2em; }
        .score.good { background: #c8e6c9; }
        .score.fair { background: #fff3c4; }
        .score.weak { background: #ffcdd2; }
        .score.none { color: #8a96a0; }
        th.score { text-align: right; font-size: .85em; }
        .glance { display: grid; grid-template-columns: minmax(220px, 360px) 1fr; gap: 1.5em; align-items: start; }
        .glance .chart { max-width: 360px; }
        .pillars-col div { background: #f5f7f8; padding: .5em .8em; margin-bottom: .8em; }
        .pillars-col h3 { margin: 0 0 .2em; font-size: 1em; }
        .pillars-col p { margin: 0; }
        .outcome.won { fill: #2e7d32; } .outcome.ongoing { fill: #1565c0; } .outcome.no_decision { fill: #90a4ae; } .outcome.lost { fill: #c62828; }
        .grid line { stroke: #e3e8ec; } .grid text { font-size: 11px; fill: #5f6b76; }
        .series { fill: none; stroke-width: 2; }
        .series.overall { stroke-width: 3.5; }
        .clarity { --c: #1565c0; } .influence { --c: #6a1b9a; } .objection { --c: #c62828; }
        .discovery { --c: #2e7d32; } .delivery { --c: #ef6c00; } .close { --c: #00838f; } .overall { --c: #212121; }
        .series, .dot { stroke: var(--c); } .dot { fill: var(--c); } .legend i.key { background: var(--c); }
        td.nowrap { white-space: nowrap; }
        .wide { overflow-x: auto; }
        table.days { font-size: .8em; }
        table.days td, table.days th { padding: .3em .35em; }
        .recording { margin: 1em 0 1.6em; }
        .recording h3 { margin-bottom: .2em; }
        .attention td.reason { max-width: 32em; }
        @media (max-width: 640px) { .glance { grid-template-columns: 1fr; } }
        """#
}
