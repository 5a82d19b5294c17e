extension SessionReport {
    /// The page, in Mustache: `{{x}}` is HTML-escaped (names and quotes are the customer's words),
    /// and every number was computed in the view model.
    static let template = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{recordingName}} · callsift</title>
        <style>
        \#(ReportStyle.css)
        </style>
        </head>
        <body>
        <header>
        <h1>{{recordingName}}</h1>
        <dl class="facts">
        <dt>recording</dt><dd>{{#recordingURL}}{{recordingURL}}{{/recordingURL}}{{^recordingURL}}—{{/recordingURL}}</dd>
        <dt>org</dt><dd>{{org}}</dd>
        <dt>rep</dt><dd>{{rep}}</dd>
        <dt>duration</dt><dd>{{duration}}</dd>
        <dt>status</dt><dd class="status">{{status}}</dd>
        {{#completedAt}}<dt>completed</dt><dd>{{completedAt}}</dd>{{/completedAt}}
        <dt>session</dt><dd class="muted">{{sessionID}}</dd>
        </dl>
        <p class="counts">{{#counts}}<span><b>{{value}}</b> {{label}}</span>{{/counts}}</p>
        </header>
        {{#failure}}
        <section class="failure">
        <h2>Failed: <code class="error-code">{{code}}</code></h2>
        <p>{{message}}</p>
        <p class="advice"><b>What to do:</b> {{advice}}</p>
        </section>
        {{/failure}}
        {{#timeline}}
        <section>
        <h2>Timeline</h2>
        \#(ReportStyle.timeline)
        \#(ReportStyle.outcomeLegend)
        </section>
        {{/timeline}}
        {{#noConversations}}
        <p class="empty">{{noConversations}}</p>
        {{/noConversations}}
        {{#hasSegments}}
        <section>
        <h2>Conversations</h2>
        <table class="cards">
        <thead><tr><th>#</th><th>customer</th><th>time</th><th>outcome</th><th>status</th><th>confidence</th>{{#scoreHeaders}}<th class="score">{{.}}</th>{{/scoreHeaders}}</tr></thead>
        <tbody>
        {{/hasSegments}}
        {{#segments}}
        <tr class="segment outcome-{{outcome}}"><td data-label="#">{{number}}</td><td data-label="customer">{{#anchor}}<a href="#{{anchor}}">{{customer}}</a>{{/anchor}}{{^anchor}}{{customer}}{{/anchor}}</td><td class="nowrap" data-label="time">{{timeRange}}</td><td data-label="outcome"><span class="pill {{outcome}}">{{outcomeLabel}}</span></td><td data-label="status">{{status}}</td><td data-label="confidence">{{confidence}}</td>{{#cells}}<td class="score {{grade}}" data-label="{{label}}">{{value}}</td>{{/cells}}</tr>
        <tr class="summary"><td colspan="13" class="muted">{{#reason}}<b>Not analyzed:</b> {{reason}}. {{/reason}}{{summary}}{{#rescore}}<br>To score it, run in this folder: <code>{{rescore}}</code>{{/rescore}}{{#audio}}<audio controls preload="metadata" src="{{audio}}"></audio>{{/audio}}</td></tr>
        {{/segments}}
        {{#hasSegments}}
        </tbody>
        </table>
        </section>
        {{/hasSegments}}
        {{#hasOthers}}
        <section class="others">
        <h2>Other spans</h2>
        <table class="cards">
        <thead><tr><th>#</th><th>kind</th><th>time</th><th>status</th><th>why</th></tr></thead>
        <tbody>
        {{/hasOthers}}
        {{#others}}
        <tr class="other"><td data-label="#">{{number}}</td><td data-label="kind">{{kind}}</td><td class="nowrap" data-label="time">{{timeRange}}</td><td data-label="status">{{status}}</td><td data-label="why">{{reason}}</td></tr>
        <tr class="summary"><td colspan="5" class="muted">{{summary}}<br>If it was a sale, score it (in this folder): <code>{{rescore}}</code>{{#audio}}<audio controls preload="metadata" src="{{audio}}"></audio>{{/audio}}</td></tr>
        {{/others}}
        {{#hasOthers}}
        </tbody>
        </table>
        </section>
        {{/hasOthers}}
        {{#canRescue}}
        <p class="muted rescue">The commands above score a span in a separate folder (<code>rescored/</code>) from this bundle's
        <code>transcript.json</code>, without transcribing again. To score it in the archive itself, set the manifest's
        <code>options.min_confidence</code> to the span's confidence and run <code>callsift run MANIFEST --reanalyze</code>.</p>
        {{/canRescue}}
        {{#conversations}}
        <section class="conversation outcome-{{outcome}}" id="conv-{{number}}">
        <h2><span class="overall {{overallGrade}}" title="overall score">{{overallScore}}</span> {{number}}. {{customer}} <span class="pill {{outcome}}">{{outcomeLabel}}</span> <span class="muted small">{{timeRange}} · confidence {{confidence}}</span></h2>
        <p><b>{{recordingTitle}}</b> — {{aiSummary}}</p>
        <ul class="figures">{{#figures}}<li data-figure="{{key}}"><b>{{value}}</b><span>{{label}}</span>{{#median}}<small>{{median}}</small>{{/median}}</li>{{/figures}}</ul>
        {{#figuresBaseline}}<p class="muted small">Beside each figure: the {{figuresBaseline}}.</p>{{/figuresBaseline}}
        {{#segmentAudio}}<audio class="player segment" controls preload="metadata" src="{{segmentAudio}}"></audio>{{/segmentAudio}}
        {{#originalAudio}}<audio class="player original" controls preload="metadata" src="{{originalAudio}}"></audio>{{/originalAudio}}
        {{#phases}}
        <svg class="phases" viewBox="0 0 1000 50" role="img" aria-label="Phases and key moments of the call">
        {{#bands}}<rect class="phase {{name}}" x="{{x}}" y="4" width="{{width}}" height="24"><title>{{tooltip}}</title></rect>{{#showsLabel}}<text class="phase-label" x="{{labelX}}" y="21" text-anchor="middle">{{label}}</text>{{/showsLabel}}
        {{/bands}}
        {{#markers}}{{#link}}{{#href}}<a href="{{href}}" data-t="{{seconds}}">{{/href}}{{/link}}<circle class="moment {{type}}" cx="{{x}}" cy="40" r="6"><title>{{tooltip}}</title></circle>{{#link}}{{#href}}</a>{{/href}}{{/link}}
        {{/markers}}
        </svg>
        <p class="legend small"><span><i class="phase opening"></i>opening</span><span><i class="phase discovery"></i>discovery</span><span><i class="phase pitch"></i>pitch</span><span><i class="phase objection_handling"></i>objections</span><span><i class="phase close"></i>close</span><span><i class="phase wrap_up"></i>wrap-up</span> <span class="muted">Dots: the key moments below; click one to hear it.</span></p>
        {{/phases}}
        {{#hasLines}}
        <details class="transcript" open><summary>Transcript: click a time to play from there</summary>
        <ol>
        {{/hasLines}}
        {{#lines}}<li class="{{role}}">{{#link}}\#(ReportStyle.momentLink){{/link}} <b>{{speaker}}</b> {{text}}</li>
        {{/lines}}
        {{#hasLines}}
        </ol>
        </details>
        {{/hasLines}}
        <h3>Moments</h3>
        {{#hasMoments}}<table class="cards moments"><thead><tr><th>at</th><th>type</th><th>who</th><th>quote</th></tr></thead><tbody>{{/hasMoments}}
        {{#moments}}<tr><td class="nowrap" data-label="at">{{#link}}\#(ReportStyle.momentLink) <span class="muted small">{{recording}} in the recording</span>{{/link}}</td><td data-label="type">{{type}} <span class="muted">{{detail}}</span></td><td data-label="who">{{speaker}}</td><td data-label="quote">“{{quote}}”</td></tr>
        {{/moments}}
        {{#hasMoments}}</tbody></table>{{/hasMoments}}
        {{^moments}}<p class="muted">No objections, pricing, next steps or commitments.</p>{{/moments}}
        <div class="coaching">
        {{#strongest}}<div class="strong"><h3>Strongest: {{name}} ({{score}})</h3>\#(ReportStyle.coaching)</div>{{/strongest}}
        {{#weakest}}<div class="weak"><h3>Weakest: {{name}} ({{score}})</h3>\#(ReportStyle.coaching)</div>{{/weakest}}
        </div>
        <div class="glance">
        <svg class="chart" viewBox="0 0 230 {{chartHeight}}" role="img" aria-label="Pillar scores, overall {{overallScore}}">
        {{#bars}}<text x="0" y="{{textY}}">{{label}}</text><rect class="{{kind}}" data-pillar="{{key}}" x="90" y="{{y}}" width="{{score}}" height="14"><title>{{label}}: {{score}}</title></rect><text x="{{valueX}}" y="{{textY}}">{{score}}</text>
        {{/bars}}
        </svg>
        <dl class="facts plan">
        <dt>double down</dt><dd>{{doubleDownImplementation}}</dd>
        <dt>improve</dt><dd>{{generalCommunicationImprovement}}</dd>
        <dt>principle</dt><dd>{{quotedPrinciple}}</dd>
        </dl>
        </div>
        </section>
        {{/conversations}}
        {{#playable}}
        \#(ReportStyle.clickToPlay)
        {{/playable}}
        </body>
        </html>
        """#
}
