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
        <p class="legend"><span><i style="background:#2e7d32"></i>analyzed</span><span><i style="background:#f9a825"></i>needs review</span><span><i style="background:#78909c"></i>skipped</span><span><i style="background:#cfd8dc"></i>internal, voicemail, fragment, automated line</span></p>
        </section>
        {{/timeline}}
        {{#noConversations}}
        <p class="empty">No sales conversations were found in this recording.</p>
        {{/noConversations}}
        {{#hasSegments}}
        <section>
        <h2>Conversations</h2>
        <table>
        <thead><tr><th>#</th><th>customer</th><th>time</th><th>status</th><th>outcome</th><th>confidence</th>{{#scoreHeaders}}<th class="score">{{.}}</th>{{/scoreHeaders}}</tr></thead>
        <tbody>
        {{/hasSegments}}
        {{#segments}}
        <tr class="segment"><td>{{number}}</td><td>{{#anchor}}<a href="#{{anchor}}">{{customer}}</a>{{/anchor}}{{^anchor}}{{customer}}{{/anchor}}</td><td class="nowrap">{{timeRange}}</td><td>{{status}}</td><td>{{outcome}}</td><td>{{confidence}}</td>{{#cells}}<td class="score {{grade}}">{{value}}</td>{{/cells}}</tr>
        <tr class="summary"><td></td><td colspan="12" class="muted">{{#reason}}<b>Not analyzed:</b> {{reason}}. {{/reason}}{{summary}}{{#audio}}<audio controls preload="none" src="{{audio}}"></audio>{{/audio}}</td></tr>
        {{/segments}}
        {{#hasSegments}}
        </tbody>
        </table>
        </section>
        {{/hasSegments}}
        {{#hasOthers}}
        <section class="others">
        <h2>Other spans</h2>
        <table>
        <thead><tr><th>#</th><th>kind</th><th>time</th><th>status</th><th>why</th></tr></thead>
        <tbody>
        {{/hasOthers}}
        {{#others}}
        <tr class="other"><td>{{number}}</td><td>{{kind}}</td><td class="nowrap">{{timeRange}}</td><td>{{status}}</td><td>{{reason}}</td></tr>
        <tr class="summary"><td></td><td colspan="4" class="muted">{{summary}}{{#audio}}<audio controls preload="none" src="{{audio}}"></audio>{{/audio}}</td></tr>
        {{/others}}
        {{#hasOthers}}
        </tbody>
        </table>
        </section>
        {{/hasOthers}}
        {{#canRescue}}
        <p class="muted rescue">A span left unanalyzed can be analyzed after all: lower <code>min_confidence</code> in the manifest's
        options (every span at or above it is analyzed) and run <code>callsift run MANIFEST --reanalyze</code>; the recording is not
        transcribed again.</p>
        {{/canRescue}}
        {{#conversations}}
        <section class="conversation" id="conv-{{number}}">
        <h2>{{number}}. {{customer}} <span class="muted">{{timeRange}} · {{outcome}} · confidence {{confidence}}</span></h2>
        <p><b>{{recordingTitle}}</b> — {{aiSummary}}</p>
        {{#segmentAudio}}<audio class="segment" controls preload="none" src="{{segmentAudio}}"></audio>{{/segmentAudio}}
        {{#originalAudio}}<audio class="original" controls preload="none" src="{{originalAudio}}"></audio>{{/originalAudio}}
        <div class="glance">
        <svg class="chart" viewBox="0 0 230 {{chartHeight}}" role="img" aria-label="Pillar scores, overall {{overallScore}}">
        {{#bars}}<text x="0" y="{{textY}}">{{label}}</text><rect class="{{kind}}" data-pillar="{{key}}" x="90" y="{{y}}" width="{{score}}" height="14"><title>{{label}}: {{score}}</title></rect><text x="{{valueX}}" y="{{textY}}">{{score}}</text>
        {{/bars}}
        </svg>
        <div class="pillars-col">
        {{#strongest}}<div><h3>Strongest: {{name}} ({{score}})</h3><p>{{feedback}}</p></div>{{/strongest}}
        {{#weakest}}<div><h3>Weakest: {{name}} ({{score}})</h3><p>{{feedback}}</p></div>{{/weakest}}
        </div>
        </div>
        <h3>Action plan</h3>
        <dl class="facts">
        <dt>double down</dt><dd>{{doubleDownImplementation}}</dd>
        <dt>improve</dt><dd>{{generalCommunicationImprovement}}</dd>
        <dt>principle</dt><dd>{{quotedPrinciple}}</dd>
        </dl>
        <p class="measures">rep talk share <b>{{#talkShare}}{{talkShare}}{{/talkShare}}{{^talkShare}}—{{/talkShare}}</b> · questions asked <b>{{questionsAsked}}</b> · words per minute <b>{{wordsPerMinute}}</b></p>
        <h3>Moments</h3>
        {{#hasMoments}}<table><thead><tr><th>at</th><th>type</th><th>who</th><th>quote</th></tr></thead><tbody>{{/hasMoments}}
        {{#moments}}<tr><td>{{timestamp}}</td><td>{{type}} <span class="muted">{{detail}}</span></td><td>{{speaker}}</td><td>“{{quote}}”</td></tr>
        {{/moments}}
        {{#hasMoments}}</tbody></table>{{/hasMoments}}
        {{^moments}}<p class="muted">No objections, pricing, next steps or commitments.</p>{{/moments}}
        </section>
        {{/conversations}}
        </body>
        </html>
        """#
}
