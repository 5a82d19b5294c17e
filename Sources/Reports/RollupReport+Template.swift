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
        {{#hasFollowUps}}
        <section class="followups">
        <h2>Listen first: follow-ups, most urgent first</h2>
        <p class="muted small">1 a dated next step to keep · 2 lost on price or timing, which can change · 3 left for review · 4 open with no dated step. ▶ plays the moment quoted.</p>
        <table class="cards">
        <thead><tr><th>rank</th><th>play</th><th>customer</th><th>outcome</th><th class="score">overall</th><th>why</th><th>day</th><th>recording</th><th>time</th></tr></thead>
        <tbody>
        {{/hasFollowUps}}
        {{#followUps}}
        <tr class="outcome-{{outcome}}"><td data-label="rank">{{rank}}</td><td class="nowrap" data-label="play">{{#play}}{{#href}}<a class="at" href="{{href}}">▶ {{at}}</a>{{/href}}{{^href}}{{at}}{{/href}}{{/play}}</td><td data-label="customer">{{#link}}<a href="{{link}}">{{customer}}</a>{{/link}}{{^link}}{{customer}}{{/link}}</td><td data-label="outcome"><span class="pill {{outcome}}">{{outcomeLabel}}</span></td>{{#overall}}<td class="score {{grade}}" data-label="overall">{{value}}</td>{{/overall}}<td class="reason" data-label="why">{{reason}}</td><td class="nowrap" data-label="day">{{day}}</td><td data-label="recording">{{recording}} <span class="muted">{{rep}}</span></td><td class="nowrap" data-label="time">{{time}}</td></tr>
        {{/followUps}}
        {{#hasFollowUps}}
        </tbody>
        </table>
        </section>
        {{/hasFollowUps}}
        {{#hasFailures}}
        <section class="failure">
        <h2>Failed recordings</h2>
        <table class="cards">
        <thead><tr><th>day</th><th>recording</th><th>error</th><th>what to do</th></tr></thead>
        <tbody>
        {{/hasFailures}}
        {{#failures}}
        <tr><td class="nowrap" data-label="day">{{day}}</td><td data-label="recording">{{#link}}<a href="{{link}}">{{recording}}</a>{{/link}}{{^link}}{{recording}}{{/link}}</td><td data-label="error"><code class="error-code">{{code}}</code> {{message}}</td><td data-label="what to do">{{advice}}</td></tr>
        {{/failures}}
        {{#hasFailures}}
        </tbody>
        </table>
        </section>
        {{/hasFailures}}
        {{#hasReps}}
        <section class="reps">
        <h2>{{repsTitle}}</h2>
        <table class="cards">
        <thead><tr><th>rep</th><th>conversations</th>{{#outcomeHeaders}}<th>{{.}}</th>{{/outcomeHeaders}}{{#figureHeaders}}<th>{{.}}</th>{{/figureHeaders}}{{#scoreHeaders}}<th class="score">{{.}}</th>{{/scoreHeaders}}</tr></thead>
        <tbody>
        {{/hasReps}}
        {{#reps}}<tr><td data-label="rep"><b>{{rep}}</b></td><td data-label="conversations">{{conversations}}</td>{{#outcomes}}<td data-label="{{label}}">{{value}}</td>{{/outcomes}}{{#figures}}<td data-label="{{label}} (median)">{{value}}</td>{{/figures}}{{#cells}}<td class="score {{grade}}" data-label="{{label}}">{{value}}</td>{{/cells}}</tr>
        {{/reps}}
        {{#hasReps}}
        </tbody>
        </table>
        <p class="muted small">Interaction figures are the medians of the rep's analyzed calls (measured from their transcripts); scores the means, a pillar a call did not measure left out.</p>
        </section>
        {{/hasReps}}
        {{#callsChart}}
        <section>
        <h2>Conversations per day</h2>
        <svg class="calls-per-day" viewBox="0 0 1000 200" role="img" aria-label="Conversations per day by outcome">
        <line x1="0" y1="170" x2="1000" y2="170" stroke="#8a96a0"/>
        {{#days}}<g class="day">{{#stacks}}<rect class="outcome {{outcome}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{title}}</title></rect>{{/stacks}}<text x="{{centerX}}" y="{{totalY}}" text-anchor="middle" font-size="12">{{total}}</text><text x="{{centerX}}" y="188" text-anchor="middle" font-size="12">{{label}}</text></g>
        {{/days}}
        </svg>
        <p class="legend"><span><i class="won"></i>won</span><span><i class="ongoing"></i>ongoing</span><span><i class="no_decision"></i>no decision</span><span><i class="lost"></i>lost</span></p>
        </section>
        {{/callsChart}}
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
        <table class="days cards">
        <thead><tr><th>day</th><th>recordings</th><th>conversations</th>{{#outcomeHeaders}}<th>{{.}}</th>{{/outcomeHeaders}}{{#scoreHeaders}}<th class="score">{{.}}</th>{{/scoreHeaders}}</tr></thead>
        <tbody>
        {{#dayRows}}<tr><td class="nowrap" data-label="day">{{day}}</td><td data-label="recordings">{{recordings}}</td><td data-label="conversations">{{conversations}}</td>{{#outcomes}}<td data-label="{{label}}">{{value}}</td>{{/outcomes}}{{#cells}}<td class="score {{grade}}" data-label="{{label}}">{{value}}</td>{{/cells}}</tr>
        {{/dayRows}}
        </tbody>
        </table>
        <p class="muted">Scores are the mean of the day's analyzed conversations; green 80 and up, yellow 60–79, red under 60.</p>
        \#(ReportStyle.outcomeLegend)
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
        {{#hasRows}}
        <table class="cards calls">
        <thead><tr><th>customer</th><th>play</th><th>time</th><th>outcome</th><th>status</th><th class="score">overall</th>{{#figureHeaders}}<th>{{.}}</th>{{/figureHeaders}}</tr></thead>
        <tbody>
        {{/hasRows}}
        {{#conversations}}
        <tr class="outcome-{{outcome}}"><td data-label="customer">{{#link}}<a href="{{link}}">{{customer}}</a>{{/link}}{{^link}}{{customer}}{{/link}}</td><td class="nowrap" data-label="play">{{#play}}{{#href}}<a class="at" href="{{href}}">▶ play</a>{{/href}}{{/play}}</td><td class="nowrap" data-label="time">{{time}}</td><td data-label="outcome"><span class="pill {{outcome}}">{{outcomeLabel}}</span></td><td data-label="status">{{status}}</td>{{#overall}}<td class="score {{grade}}" data-label="overall">{{value}}</td>{{/overall}}{{#figures}}<td data-label="{{label}}">{{value}}</td>{{/figures}}</tr>
        {{/conversations}}
        {{#spans}}
        <tr class="span-row"><td data-label="span">{{kind}}</td><td></td><td class="nowrap" data-label="time">{{time}}</td><td colspan="8" data-label="why">{{reason}}</td></tr>
        {{/spans}}
        {{#hasRows}}
        </tbody>
        </table>
        {{/hasRows}}
        </div>
        {{/recordings}}
        </section>
        {{/days}}
        </body>
        </html>
        """#
}
