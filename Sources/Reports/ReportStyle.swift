/// What both report pages share (the recording's and the rollup), inlined into each template so a
/// page is one file that opens anywhere: the CSS, the timeline strip (a `TimelineView` section),
/// the outcome legend, a time that plays (a `MomentLink` section) and the click-to-play script.
enum ReportStyle {
    static let timeline = #"""
        <svg class="timeline" viewBox="-25 0 1050 80" role="img" aria-label="Conversations over the recording">
        <rect x="0" y="20" width="1000" height="30" fill="#f5f7f8"/>
        {{#bands}}<rect class="band {{kind}}" x="{{x}}" y="20" width="{{width}}" height="30"><title>{{tooltip}}</title></rect>{{#score}}<text class="band-score" x="{{labelX}}" y="41" text-anchor="middle">{{score}}</text>{{/score}}{{#label}}<text class="band-label" x="{{labelX}}" y="15" text-anchor="middle">{{label}}</text>{{/label}}
        {{/bands}}
        {{#ticks}}<g class="tick"><line x1="{{x}}" y1="50" x2="{{x}}" y2="56"/><text x="{{x}}" y="70" text-anchor="middle">{{label}}</text></g>
        {{/ticks}}
        </svg>
        """#

    /// The colors of the timeline and the rows, named.
    static let outcomeLegend = #"""
        <p class="legend"><span><i class="won"></i>won</span><span><i class="lost"></i>lost</span><span><i class="ongoing"></i>ongoing</span><span><i class="no_decision"></i>no decision</span><span><i class="review"></i>needs review (pale)</span><span><i class="other"></i>skipped, internal, voicemail, fragment, automated line</span> <span class="muted">The number on a band is the call's overall score.</span></p>
        """#

    /// Inside a `MomentLink` section: the time as a link that plays it, or plain text when nothing can.
    static let momentLink = #"""
        {{#href}}<a class="at" href="{{href}}" data-t="{{seconds}}">{{at}}</a>{{/href}}{{^href}}<span class="at">{{at}}</span>{{/href}}
        """#

    /// Inside a `CoachingView` section.
    static let coaching = #"""
        <p>{{feedback}}</p>{{#hasEvidence}}<ul class="evidence">{{#evidence}}<li>{{#link}}\#(momentLink){{/link}} <span class="muted">{{speaker}}</span> “{{quote}}”</li>{{/evidence}}</ul>{{/hasEvidence}}{{#leftOut}}<p class="muted small">{{leftOut}}.</p>{{/leftOut}}
        """#

    /// A click on a time plays the call in its section's player from there, instead of opening
    /// the audio file at that time (what the link does with scripts off).
    static let clickToPlay = #"""
        <script>
        document.addEventListener("click", function (event) {
          var link = event.target.closest ? event.target.closest("a[data-t]") : null;
          var section = link ? link.closest("section") : null;
          var audio = section ? section.querySelector("audio.player") : null;
          if (!audio) return;
          event.preventDefault();
          audio.currentTime = Number(link.getAttribute("data-t"));
          var playing = audio.play();
          if (playing && playing.catch) playing.catch(function () {});
        });
        </script>
        """#

    static let css = #"""
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2329; max-width: 1240px; margin: 2em auto; padding: 0 1em; overflow-wrap: break-word; }
        h1 { font-size: 1.5em; margin-bottom: .2em; word-break: break-all; }
        h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #dde3e8; padding-bottom: .2em; }
        .muted { color: #5f6b76; }
        .small { font-size: .85em; font-weight: normal; }
        code { background: #f1f4f6; padding: 0 .25em; white-space: pre-wrap; overflow-wrap: anywhere; }
        dd, td.reason, td[data-label="recording"] { overflow-wrap: anywhere; }
        dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15em 1em; }
        dl.facts dt { color: #5f6b76; }
        dl.facts dd { margin: 0; }
        .counts span { display: inline-block; margin-right: 1.2em; }
        .counts b { font-size: 1.3em; }
        .failure { border-left: 4px solid #c62828; background: #fdecea; padding: .6em 1em; }
        .empty { border-left: 4px solid #78909c; background: #eef2f4; padding: .6em 1em; }
        svg { display: block; width: 100%; height: auto; }
        .won { --o: #2e7d32; } .lost { --o: #c62828; } .ongoing { --o: #1565c0; } .no_decision { --o: #78909c; }
        .band { fill: var(--o, #cfd8dc); }
        .band.needs_review { fill-opacity: .4; stroke: var(--o); stroke-width: 2; stroke-dasharray: 5 3; }
        .band.skipped, .band.other { fill: #cfd8dc; }
        .band-score { font-size: 15px; font-weight: 700; fill: #fff; pointer-events: none; }
        .band.needs_review + .band-score { fill: #1d2329; }
        .tick line { stroke: #8a96a0; }
        .tick text, .chart text { font-size: 11px; fill: #3a444d; }
        .legend span { margin-right: 1em; font-size: .9em; display: inline-block; }
        .legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -1px; background: var(--o); }
        .legend i.review { background: #fff; border: 2px dashed #1565c0; }
        .legend i.other { background: #cfd8dc; }
        .pill { display: inline-block; padding: 0 .5em; border-radius: .8em; font-size: .8em; font-weight: 600; color: #fff; background: var(--o, #78909c); white-space: nowrap; vertical-align: 2px; }
        tr[class*="outcome-"] > td:first-child, section.conversation { border-left: 5px solid var(--o, #cfd8dc); }
        .outcome-won { --o: #2e7d32; } .outcome-lost { --o: #c62828; } .outcome-ongoing { --o: #1565c0; } .outcome-no_decision { --o: #78909c; }
        section.conversation { padding-left: .9em; }
        .overall { display: inline-block; min-width: 2.2em; text-align: center; border-radius: .3em; padding: 0 .3em; margin-right: .2em; }
        .bar { fill: #1565c0; }
        .bar.overall { fill: #0d3c73; }
        .bar.unmeasured { fill: #b0bec5; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .3em .5em; border-bottom: 1px solid #eef1f3; }
        audio { width: 100%; margin: .3em 0; }
        .band-label { font-size: 12px; fill: #1d2329; }
        td.score { text-align: right; font-variant-numeric: tabular-nums; width: 3.2em; }
        .score.good, .overall.good { background: #c8e6c9; }
        .score.fair, .overall.fair { background: #fff3c4; }
        .score.weak, .overall.weak { background: #ffcdd2; }
        .score.none { color: #8a96a0; }
        th.score { text-align: right; font-size: .85em; }
        ul.figures { display: flex; flex-wrap: wrap; gap: .6em; list-style: none; padding: 0; margin: .6em 0; }
        ul.figures li { background: #f5f7f8; padding: .4em .7em; min-width: 9.5em; flex: 1 1 9.5em; }
        ul.figures b { display: block; font-size: 1.35em; font-variant-numeric: tabular-nums; }
        ul.figures span { display: block; font-size: .85em; color: #3a444d; }
        ul.figures small { color: #5f6b76; }
        details.transcript { margin: .4em 0 1em; }
        details.transcript summary { cursor: pointer; color: #3a444d; }
        details.transcript ol { list-style: none; padding: 0 .5em; margin: .3em 0; max-height: 22em; overflow-y: auto; border: 1px solid #e3e8ec; }
        details.transcript li { padding: .15em 0; }
        details.transcript li.rep b { color: #0d3c73; } details.transcript li.customer b { color: #6a1b9a; }
        a.at { font-variant-numeric: tabular-nums; }
        .coaching { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); gap: 1em; }
        .coaching > div { background: #f5f7f8; padding: .5em .8em; border-top: 3px solid #2e7d32; }
        .coaching > div.weak { border-top-color: #c62828; }
        .coaching h3 { margin: 0 0 .2em; font-size: 1em; }
        .coaching p { margin: .2em 0; }
        ul.evidence { margin: .3em 0; padding-left: 1.1em; }
        .glance { display: grid; grid-template-columns: minmax(0, 340px) minmax(0, 1fr); gap: 1.5em; align-items: start; margin-top: 1em; }
        .glance .chart { max-width: 340px; }
        .outcome.won { fill: #2e7d32; } .outcome.ongoing { fill: #1565c0; } .outcome.no_decision { fill: #90a4ae; } .outcome.lost { fill: #c62828; }
        .grid line { stroke: #e3e8ec; } .grid text { font-size: 11px; fill: #5f6b76; }
        .series { fill: none; stroke-width: 2; }
        .series.overall { stroke-width: 3.5; }
        .clarity { --c: #1565c0; } .influence { --c: #6a1b9a; } .objection { --c: #c62828; }
        .discovery { --c: #2e7d32; } .delivery { --c: #ef6c00; } .close { --c: #00838f; } .overall { --c: #212121; }
        .series, .dot { stroke: var(--c); } .dot { fill: var(--c); } .legend i.key { background: var(--c); }
        td.nowrap { white-space: nowrap; }
        svg.phases { margin: .3em 0 0; }
        .phase.opening { fill: #b0bec5; background: #b0bec5; } .phase.discovery { fill: #80cbc4; background: #80cbc4; }
        .phase.pitch { fill: #9fa8da; background: #9fa8da; } .phase.objection_handling { fill: #ef9a9a; background: #ef9a9a; }
        .phase.close { fill: #a5d6a7; background: #a5d6a7; } .phase.wrap_up { fill: #cfd8dc; background: #cfd8dc; }
        .phase-label { font-size: 13px; fill: #1d2329; pointer-events: none; }
        circle.moment { fill: #37474f; stroke: #fff; stroke-width: 1.5; }
        circle.moment.objection, circle.moment.competitor_mention { fill: #c62828; }
        circle.moment.commitment, circle.moment.call_to_action { fill: #2e7d32; }
        circle.moment.price_mention { fill: #ef6c00; }
        table.days { font-size: .85em; }
        table.days td, table.days th { padding: .3em .35em; }
        .recording { margin: 1em 0 1.6em; }
        .recording h3 { margin-bottom: .2em; }
        .followups td.reason { max-width: 34em; }
        tr.span-row td { color: #5f6b76; font-size: .9em; }
        @media (max-width: 640px) {
          body { margin: 1em auto; padding: 0 .6em; }
          .glance { grid-template-columns: minmax(0, 1fr); }
          .band-label, .phase-label { display: none; }
          .band-score { font-size: 30px; }
          .tick text { font-size: 24px; }
          table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: auto; }
          table.cards thead { display: none; }
          table.cards tr { border-bottom: 1px solid #dde3e8; padding: .3em 0; }
          table.cards td { border: 0; padding: .1em .4em; }
          table.cards td[data-label]::before { content: attr(data-label) ": "; color: #5f6b76; font-size: .85em; }
          table.cards td.score { display: inline-block; text-align: left; width: auto; margin: .1em .15em; }
          table.cards td.nowrap { white-space: normal; }
          tr[class*="outcome-"] > td:first-child { border-left: 0; }
          tr[class*="outcome-"] { border-left: 5px solid var(--o, #cfd8dc); }
        }
        """#
}
