extension RollupReport {
    /// The page, in Mustache: `{{x}}` is HTML-escaped, and every number and coordinate was computed
    /// in the view model (`RollupView`).
    static let template = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{range}} · callsift</title>
        <style>
        \#(ReportStyle.css)
        </style>
        </head>
        <body>
        <header>
        <h1>{{title}}</h1>
        <p class="muted range">{{range}}</p>
        <p class="counts">{{#stats}}<span><b>{{value}}</b> {{label}}</span>{{/stats}}</p>
        </header>
        {{#empty}}<p class="empty">No recordings in this range.</p>{{/empty}}
        {{#hasAttention}}
        <section class="attention">
        <h2>First: review and follow up</h2>
        <table>
        <thead><tr><th>day</th><th>recording</th><th>time</th><th>customer</th><th>outcome</th><th class="score">overall</th><th>why</th></tr></thead>
        <tbody>
        {{/hasAttention}}
        {{#attention}}
        <tr><td class="nowrap">{{day}}</td><td>{{recording}}</td><td class="nowrap">{{time}}</td><td>{{#link}}<a href="{{link}}">{{customer}}</a>{{/link}}{{^link}}{{customer}}{{/link}}</td><td>{{outcome}}</td>{{#overall}}<td class="score {{grade}}">{{value}}</td>{{/overall}}<td class="reason">{{reason}}</td></tr>
        {{/attention}}
        {{#hasAttention}}
        </tbody>
        </table>
        </section>
        {{/hasAttention}}
        {{#hasFailures}}
        <section class="failure">
        <h2>Failed recordings</h2>
        <table>
        <thead><tr><th>day</th><th>recording</th><th>error</th><th>what to do</th></tr></thead>
        <tbody>
        {{/hasFailures}}
        {{#failures}}
        <tr><td class="nowrap">{{day}}</td><td>{{#link}}<a href="{{link}}">{{recording}}</a>{{/link}}{{^link}}{{recording}}{{/link}}</td><td><code class="error-code">{{code}}</code> {{message}}</td><td>{{advice}}</td></tr>
        {{/failures}}
        {{#hasFailures}}
        </tbody>
        </table>
        </section>
        {{/hasFailures}}
        {{^empty}}
        <section>
        <h2>Conversations per day</h2>
        {{#callsChart}}
        <svg class="calls-per-day" viewBox="0 0 1000 200" role="img" aria-label="Conversations per day by outcome">
        <line x1="0" y1="170" x2="1000" y2="170" stroke="#8a96a0"/>
        {{#days}}<g class="day">{{#stacks}}<rect class="outcome {{outcome}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{title}}</title></rect>{{/stacks}}<text x="{{centerX}}" y="{{totalY}}" text-anchor="middle" font-size="12">{{total}}</text><text x="{{centerX}}" y="188" text-anchor="middle" font-size="12">{{label}}</text></g>
        {{/days}}
        </svg>
        {{/callsChart}}
        <p class="legend"><span><i style="background:#2e7d32"></i>won</span><span><i style="background:#1565c0"></i>ongoing</span><span><i style="background:#90a4ae"></i>no decision</span><span><i style="background:#c62828"></i>lost</span></p>
        </section>
        {{/empty}}
        {{#trendChart}}
        <section>
        <h2>Pillar trends</h2>
        <svg class="trends" viewBox="0 0 1000 240" role="img" aria-label="Mean pillar scores per day">
        {{#gridlines}}<g class="grid"><line x1="60" y1="{{y}}" x2="960" y2="{{y}}"/><text x="50" y="{{y}}" text-anchor="end" dominant-baseline="middle">{{label}}</text></g>
        {{/gridlines}}
        {{#dayTicks}}<text class="grid" x="{{x}}" y="232" text-anchor="middle" font-size="11">{{label}}</text>
        {{/dayTicks}}
        {{#series}}<g data-series="{{key}}"><polyline class="series {{key}}" points="{{points}}"/>{{#dots}}<circle class="dot {{key}}" cx="{{x}}" cy="{{y}}" r="4"><title>{{title}}</title></circle>{{/dots}}</g>
        {{/series}}
        </svg>
        <p class="legend">{{#series}}<span><i class="key {{key}}"></i>{{label}}</span>{{/series}}</p>
        </section>
        {{/trendChart}}
        {{^empty}}
        <section>
        <h2>Day by day</h2>
        <div class="wide"><table class="days">
        <thead><tr><th>day</th><th>recordings</th><th>conversations</th>{{#outcomeHeaders}}<th>{{.}}</th>{{/outcomeHeaders}}{{#scoreHeaders}}<th class="score">{{.}}</th>{{/scoreHeaders}}</tr></thead>
        <tbody>
        {{#dayRows}}<tr><td class="nowrap">{{day}}</td><td>{{recordings}}</td><td>{{conversations}}</td>{{#outcomes}}<td>{{.}}</td>{{/outcomes}}{{#cells}}<td class="score {{grade}}">{{value}}</td>{{/cells}}</tr>
        {{/dayRows}}
        </tbody>
        </table></div>
        <p class="muted">Scores are the mean of the day's analyzed conversations; green 80 and up, yellow 60–79, red under 60.</p>
        </section>
        {{/empty}}
        {{#days}}
        <section class="day" id="day-{{day}}">
        <h2>{{day}}</h2>
        {{#recordings}}
        <div class="recording">
        <h3>{{#link}}<a href="{{link}}">{{name}}</a>{{/link}}{{^link}}{{name}}{{/link}} <span class="muted">{{rep}} · {{duration}} · {{summary}}</span></h3>
        {{#timeline}}
        \#(ReportStyle.timeline)
        {{/timeline}}
        {{#hasConversations}}
        <table>
        <thead><tr><th>customer</th><th>time</th><th>status</th><th>outcome</th>{{#scoreHeaders}}<th class="score">{{.}}</th>{{/scoreHeaders}}</tr></thead>
        <tbody>
        {{/hasConversations}}
        {{#conversations}}
        <tr><td>{{#link}}<a href="{{link}}">{{customer}}</a>{{/link}}{{^link}}{{customer}}{{/link}}</td><td class="nowrap">{{time}}</td><td>{{status}}</td><td>{{outcome}}</td>{{#cells}}<td class="score {{grade}}">{{value}}</td>{{/cells}}</tr>
        {{/conversations}}
        {{#hasConversations}}
        </tbody>
        </table>
        {{/hasConversations}}
        </div>
        {{/recordings}}
        </section>
        {{/days}}
        </body>
        </html>
        """#
}
