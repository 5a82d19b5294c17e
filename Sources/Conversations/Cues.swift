import Foundation

/// The phrases the built-in detector listens for, lower case. Each list is a documented signal,
/// written from how sales calls go in general (openings, farewells, objections, commitments),
/// never fitted to one evaluation set's scripts.
enum Cues {
    /// How a business call opens: a self-introduction with a company, thanks for calling, answering
    /// the phone with a name or a company, asking for someone by name. Colleagues talking among
    /// themselves do not open so: this is selling evidence as well as a boundary cue.
    static let introductions = patterns([
        #"\b(this is|it's|it is|my name is|i'm) [a-z']+( [a-z']+)? (from|with|at|over at|calling from|here at|here with|calling on behalf of) [a-z]"#,
        // "Thanks for calling" opens a call only when a name, a company or an offer of help follows
        // ("thank you for calling Northwind, this is Sam"); at the end of a call it is a farewell.
        #"^(hi,? |hello,? |good (morning|afternoon|evening),? )?thank(s| you) for calling (?!(in|back|me|us|today)\b)[a-z]"#,
        #"\bthank(s| you) for calling( [a-z']+){0,4},? (this is|my name is|how (can|may) i|you've reached|you're speaking|[a-z']+ speaking)\b"#,
        #"\bthank(s| you) for (holding|picking up|taking my call|calling me back)\b"#,
        #"\b(am i speaking|am i talking|i'm speaking) (with|to) [a-z']+"#,
        #"\bis this [a-z']+( [a-z']+)?[?]"#,
        #"\b(is|(could|can|may) i (speak|talk) (to|with)|i'm (looking|trying to reach)( for)?) [a-z']+( [a-z']+)?,? (there|available|please|around)?[?.]"#,
        #"^[a-z' ,.]{0,40}\b(this is|it's) [a-z']+ speaking\b"#,
        #"^[a-z' ,.]{0,40}\b[a-z']+ speaking[,.!?]"#,
        #"\b(how can|how may|what can) i (help|do for) you\b"#,
    ])
    /// A conversation opening: an introduction (above), a greeting with a name, checking it is a
    /// good time, stating why one calls.
    static let openings =
        introductions
        + patterns([
            #"\b(hi|hello|hey|good (morning|afternoon|evening))\b.{0,40}\b(this is|it's|it is|my name is|i'm)\b"#,
            #"\b(is this|is now) a (good|bad|ok|okay) time\b|\bdid i catch you at a\b|\bdo you have a (minute|moment|second|few minutes)\b"#,
            #"\b(i'm|i am) (calling|reaching out|following up) (about|regarding|because|on|to)\b|\bthe reason (i'm calling|for my call)\b"#,
            #"\bwho am i (speaking|talking) (with|to)\b|\bmay i ask who's calling\b|\bwho's calling\b"#,
            #"\bi'll put you through\b|\blet me transfer you\b|\bconnecting you now\b"#,
            // A follow-up call recalls the last one: "we spoke a couple of weeks back".
            #"\bwe (spoke|talked|chatted|met)( [a-z]+){0,3} (weeks?|days?|months?) (back|ago)\b"#,
            #"\bwe (spoke|talked|chatted|met) (last|on|earlier this) (week|month|monday|tuesday|wednesday|thursday|friday)\b"#,
            #"\b(i )?promised (to|i'd|i would) (call|ring|get back to) you\b"#,
        ])
    /// The call being handed on, not ended: a hold, a transfer, the rep asking for someone. What is
    /// said after it (the decision maker's "this is Gerald", the rep introducing again) is the same call.
    static let handovers = patterns([
        #"\b(one|just a) (moment|second|sec|minute)\b|\bhold on\b|\b(can|could) you hold\b|\bplease hold\b|\bhold,? please\b"#,
        #"\blet me see if (he|she|they|[a-z]+)('s| is| are)? (in|there|around|available|free|back)\b"#,
        #"\b(i'll|let me|i will) (put you through|transfer you|connect you|get (him|her|them)|grab (him|her|them)|find (him|her|them))\b"#,
        #"\b(he|she|they)('ll| will) be (right )?with you\b"#,
        #"\b(told|supposed|asked) to ask for\b|\b(could|can|may) i (speak|talk) (to|with)\b|\bi'm (trying to reach|looking for) [a-z]+"#,
    ])
    /// A conversation ending: thanks for the time, farewells, "talk to you …".
    static let closings = patterns([
        #"\bthank(s| you)( so much| again| very much)? for (your|the|taking the|taking my) (time|call|help|honesty|chat)\b"#,
        #"\bthanks for (calling|chatting|talking|having me)\b"#,
        #"\b(talk|speak|chat) (to you |with you )?(soon|later|then|tomorrow|next week|on [a-z]+|monday|tuesday|wednesday|thursday|friday)\b"#,
        #"(?<!\bi )\btalk to you\b|\bcatch you later\b"#,
        #"\bsee you (soon|later|then|tomorrow|next week|on [a-z]+|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"#,
        #"\b(good|great) luck\b"#, #"\b(good)?bye\b"#,
        #"\bhave a (good|great|nice|lovely|wonderful) (day|one|afternoon|evening|weekend|rest of your day)\b"#,
        #"\btake care\b"#, #"\bcheers\b"#, #"\bthanks?,? [a-z]+[.!]?$"#,
        #"\b(perfect|great|wonderful|awesome), thanks?\b"#,
        #"\bi'll let you go\b"#, #"\bappreciate (your time|you taking)\b"#, #"\bappreciate (it|you)[.!]?$"#,
        #"\byou too[.!]?$"#,
    ])
    /// A message left on a machine, or the machine itself.
    static let voicemail = patterns([
        #"\b(leave|leaving|left) (you |me )?(a|my|this) (message|voicemail)\b"#, #"\bcall me back\b"#,
        #"\breach me at\b"#,
        #"\b(try|catch) you (again|later|another time)\b"#, #"\bgive me a (call|ring|shout)\b"#,
        #"\bmy (number|direct line|cell) is\b"#, #"\b(at|after) the (tone|beep)\b"#,
        #"\bwhen you get (a chance|this)\b"#,
        #"\bnot available to take your call\b"#, #"\bshoot me (a text|an email)\b"#, #"\bthis message is for\b"#,
        #"\breturning your call\b"#, #"\b(the|my) (number|direct line) here is\b"#,
    ])
    /// A line's machine talking: phone menus and hold messages. Heard when a rep dials a business
    /// and waits, before anyone (or no one) answers.
    static let automatedLine = patterns([
        #"\bpress (one|two|three|four|five|six|seven|eight|nine|zero|star|pound|\d)\b"#,
        #"\b(menu|our) options have changed\b"#,
        #"\byour call is (very )?important to us\b"#, #"\b(please|continue to) (hold|stay on)\b"#,
        #"\b(calls|this call) (may|will) be (recorded|monitored)\b"#, #"\b(quality|training) purposes\b"#,
        #"\bnext available (agent|representative|operator|associate|person|team member)\b"#,
        #"\b(answered|received) in the order\b"#, #"\b(estimated )?(wait|hold) time is\b"#,
        #"\bthank you for your patience\b"#,
        #"\b(will|'ll) be with you shortly\b"#,
        #"\b(all (of )?)?our (agents|representatives|operators|associates|dispatchers|staff|team members|lines) are\b"#,
    ])
    /// Selling: prices, plans, contracts, demos, budgets, buying. A span with at least two is sales.
    static let salesTerms: Set<String> = [
        "price", "prices", "pricing", "priced", "plan", "plans", "contract", "contracts", "demo", "quote", "quotes",
        "proposal", "renewal", "renew", "pilot", "budget", "budgets", "cost", "costs", "agreement", "sign", "signed",
        "order", "discount", "discounts", "dollar", "dollars", "percent", "fee", "fees", "invoice", "bill", "billing",
        "expenses", "expensive", "cheaper", "tier", "premium", "competitor", "trial", "license", "licenses",
        "subscription", "rollout", "deal", "purchase", "buying", "buy", "vendor", "save", "savings", "rate", "rates",
        "package", "onboarding", "setup", "estimate", "monthly", "annual", "annually", "seats", "upgrade", "features",
        "paperwork", "terms", "afford", "investment", "roi",
    ]
    /// A price quoted per period or unit ("34 a truck a month", "around fifteen a week", "nine
    /// hundred per seat"): a selling term of its own, whatever the product is called. Not a deal's
    /// size ("300 grand a year"), which colleagues talk about too.
    static let priceQuoted = patterns([
        #"\b(\d[\d,.]*|hundred|thousand)( dollars| bucks)?( (a|per|each) (unit|user|seat|head|location|site|truck|vehicle|license|room|person))? (a|per|each) (month|week|year|unit|user|seat|head|location|site|truck|vehicle|license|room|person)\b"#
    ])
    /// Talk among colleagues: about accounts, pipelines, managers and approvals, in the third person.
    static let internalTalk = patterns([
        #"\b(the|that|this) [a-z]+ (account|deal|prospect|lead|client)\b"#,
        #"\b(our|my|the) (pipeline|quota|forecast|numbers|crm|manager|boss|team)\b"#,
        #"\b(sales|team|staff|weekly|monday|pipeline) (meeting|call|sync|review|huddle|standup)\b"#, #"\bstand-?up\b"#,
        #"\b(approve|approval|sign off on|sign-off)\b"#, #"\b(lunch|coffee)\b"#, #"\bhow did (it|the call|that) go\b"#,
        #"\b(they|he|she) (said|wants|asked|told me|mentioned|went with|signed|called)\b"#,
        #"\bhit (my|our|the) (number|target|quota)\b"#,
        #"\bfollow up with (them|him|her)\b"#, #"\bdeal desk\b"#, #"\bcommission\b"#,
    ])
    /// A day or a time of day, as speech and Whisper say them: "Thursday", "the 20th", "half three", "10 am".
    static let when =
        #"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week|this week|end of (the )?(day|week|month)"#
        + #"|\b\d{1,2}(st|nd|rd|th)\b|the (first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|[a-z]+teenth|twentieth|thirtieth|twenty-?[a-z]+)\b"#
        + #"|\d{1,2}([:.]\d\d)? ?(am|pm|a\.m\.|p\.m\.|o'clock)|\bat \d{1,2}([:.]\d\d)?\b|\bnoon\b|\blunchtime\b|\bhalf (past )?(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"#
        + #"|\d{1,2}[:.]\d\d\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)([- ]thirty|[- ]fifteen|[- ]forty-five| o'clock| am| pm)\b"#
        + #"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})(?=('s| is) (fine|good|great|perfect)))"#
    /// The customer commits: the deal is won. A yes to the offer, the order stated, or paying and
    /// signing while on the call.
    static let won = patterns([
        #"\blet's (just )?(do it|do this|go ahead|go for it|start|sign|move forward|get (it|this|that|things|them) (going|started|set up|moving|booked|sorted|done|ordered))\b"#,
        #"\b(i|we)('ll| will) (sign|take it|take the|go with (you|your|it|the)|move forward|do it|start)\b(?!.{0,30}\b(think|look|review|consider|back to)\b)"#,
        #"\bsend (it|them|that|the (agreement|contract|paperwork)) over\b(?!,? (and )?(i'll|we'll|i will|we will) (see|look|take a look|have a look|think|review|check|read))"#,
        #"\bsend (me |us )?(over )?the (agreement|contract|paperwork|docusign|order form|invoice|bank details|proforma)( over)?[,.!]? (and )?(i|we)('ll| will) (sign|pay|do)\b"#,
        #"\bstart the (pilot|trial)\b"#, #"\bwe'll take it\b"#, #"\b(go|move) ahead with (it|the|that|this)\b"#,
        #"\bsounds good, (let's|send)\b"#, #"\bit's a deal\b"#, #"\byou('ve)? got (a|yourself a) deal\b"#,
        #"\bsign (me|us) up\b"#,
        #"\b(i'm|we're) in[.!]"#, #"\bcount (me|us) in\b"#,
        #"\b(i|we) want to (go ahead|move forward|sign up|get started)\b"#,
        #"\bwhere do i sign\b"#, #"\b(we're|we are|i'm|i am) good to go\b"#, #"\b(i'm|we're|i am|we are) sold\b"#,
        #"\bbook (us|me|it) in\b"#, #"\bget it booked\b"#, #"\blet's go with (that|it|this|you|the|your)\b"#,
        #"\b(how|where) (do|can|should) (i|we) pay\b"#, #"\bput (us|me) down for\b"#, #"\bput (me|us) down[.!]"#,
        #"\bstart (us|me) (on|off|next|this|from|monday|tuesday|wednesday|thursday|friday|tomorrow)\b"#,
        #"\b(book|schedule) (the|our|my) (start date|onboarding|kickoff)\b"#,
        // The order itself: "we'll take the forty", "make it twenty", "give me the full package", "just upgrade us".
        #"\b(i|we)('ll| will) take (the |all |them|those|\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred)(?!.{0,30}\b(think|look|weekend|night|back|away|home|time|day|week)\b)"#,
        #"\bmake it (\d+(?![:.]\d| ?(am|pm|o'clock|th|st|nd|rd)\b)|two|three|four|five|six|eight|ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred)\b"#,
        #"\bgive (me|us) the (full |whole |complete |premium |pro )?(package|bundle|plan|lot|works)\b"#,
        #"\b(just )?upgrade (us|me)\b"#,
        #"\b(we're|we are|i'm|i am) going (ahead|with you|with your)\b"#, #"\b(run|print|ship|order) (them|it)[.!]"#,
        #"\block it in[.!]"#,
        #"\b(yes|yeah|okay|ok|fine|alright|right),? (go ahead|book it|do it|sign me up|put me down)\b"#,
        #"\bgo on,? then\b"#,
        #"\blet's (just )?do (both|all (of them|three|two)|the (lot|full|whole))\b"#,
        #"\b(cut|raise|issue|send) (you )?(a |the )?(new )?(po|purchase order)\b"#,
        // Paying or signing on the call.
        #"\b(i'll|i will|we'll|let me|i can) (pay|do (the )?(payment|transfer|bank transfer|neft))\b(?! (you|for|more|less|that much|extra))"#,
        #"\b(card|amex|visa|mastercard|debit card|corporate card)( on file)? ('s |is )?(okay|ok|fine|alright|good)\b"#,
        #"\b(put|stick|charge|bill) (it|that|this) (on|to) (the|my|our) (account|card|tab)\b"#,
        #"\binvoice (it )?to (the|our|my|accounts|[a-z]+ in)\b"#,
        #"\b(sort code|account number)('s| is)\b"#,
        #"\b(okay|ok|alright|right|there|and|done),? (it's )?(signed|signing)\b"#,
        #"\b(signed|paid) (it|and sent|and returned)\b"#, #"\bjust (signed|paid)\b"#,
    ])
    /// The customer declines or chose someone else.
    static let lost = patterns([
        #"\b(decided|chose|chosen|going|gonna) to (go|stay|stick) with\b"#, #"\bwent with\b"#, #"\bnot interested\b"#,
        // "We're going with Vertex", not "we're going with the annual plan" (or with you).
        #"\b(we're|we are|we've|i'm|i've) (going|gone) with (?!(you|your|the|it|that|this|a|an|option|plan)\b)[a-z]"#,
        #"\balready (signed|committed|went|chose|renewed|hired|had (it|someone|one)|got (it|someone|one)|have (it|a (vendor|provider|contract|supplier)))\b"#,
        #"\bcommitted (for|to) \w+"#,
        #"\bwe (are|will|won't|aren't|can't) (not )?(buy|switch|change|move forward|be moving forward|go ahead)\b"#,
        #"\b(we'll|i'll|we're going to|we are going to|i'm going to|we're gonna|i'm gonna|gonna) (pass|stick with|stay with|keep (what|our|the (current|one|ones) we|using|it as))\b(?! (it|that|this|them) (on|along)| on| along)"#,
        #"\bnot (a|the right) fit\b"#, #"\bno,? thank(s| you)[.,]? (we're|i'm) (good|fine|all set|set)\b"#,
        #"\b(take|remove) (me|us) off\b"#,
        #"\b(hold|holding) off (on|for|until|this|till)\b|\b(gonna|going to|will|we'll|i'll) hold off\b"#,
        #"\bnot in the cards\b"#,
        #"\b(picked|chose|chosen|selected|went with|going with) (the )?(other|another|someone else|a different)\b"#,
        #"\bdon't call (me|us|again)\b"#, #"\bnot going to (work|happen) for us\b"#, #"\b(it's|that's) not for us\b"#,
        #"\b(go|going|went|gone) (in )?a different direction\b"#,
        #"\bthe answer is no\b"#, #"\b(it's|that's) a no\b"#,
        #"\b(have to|got to|gotta|going to have to|gonna have to) (say no|decline|turn (it|you) down)\b"#,
        #"\b(they|he|she|boss|board|partners|owner|director|manager|committee|management|md|ceo|cfo|finance) (said|says|is saying|came back with a) no\b"#,
        #"\b(we're|we are|i'm|i am) (staying|sticking) (put|with)\b"#, #"\bstay put\b"#,
        #"\bnot worth (it|the (trouble|hassle|effort|switch|fight))\b"#,
        #"\b(not|isn't|won't|wouldn't|doesn't|not gonna|not going to) (make sense|worth it|required|possible this year)\b"#,
        #"\b(we|i) (won't|will not|wouldn't) (be )?need(ing)? (it|this|that|you|your|the|outside|catering|any)\b"#,
        #"\b(we|i) (don't|do not) (reckon we |think we )?need (it|this|that|you|your)\b"#,
        #"\b(they've|they have|they) matched (it|the price|your price)\b"#,
        #"\b(killed|vetoed|scrapped|shelved) (it|the (idea|project|deal))\b"#,
        #"\bwon't (approve|sign off)\b"#, #"\bhard stop\b"#, #"\bhands are tied\b"#,
        #"\bwe('ll| will) be (ordering|buying) from (them|the other|another|someone)\b"#,
        #"\b(way |much |a lot )?more than (we|i) can (do|afford|spend|justify)\b"#, #"\bcan't afford\b"#,
        #"\bnot (going to|gonna) (take on|go ahead|buy|lease|renew|change|switch|sign|proceed|move forward|use|bother)\b"#,
        #"\bnot going ahead\b"#, #"\bnot (looking|planning) to (change|switch|move)\b"#,
        #"\bwon't be (renewing|going ahead|printing|needing|using|ordering|continuing|buying)\b"#,
        #"\b(it's|that's) not happening\b"#, #"\b(we're|we are) (locked|tied) in\b"#, #"\btied in (with|till|until)\b"#,
        #"\b(we're|we are|i'm|i am) happy with (what we (have|got)|our|the current|who we)\b"#,
        #"\bwe're good,? thank(s| you)\b"#,
        #"\b(there's |there is )?(really )?no (need|point)\b(?! to| in (rushing|waiting))"#,
        #"\bawarded (the contract|the tender|it) to\b"#,
        #"\b(can't|cannot) (use|buy from|go with|work with) (you|your)\b"#,
        #"\b(can't|cannot) buy\b"#, #"\b(it's|it is) (already )?(finali[sz]ed|decided)\b"#,
        #"\bnothing (we|i) can do\b|\bnothing can be done\b"#,
        #"\b(don't|do not) need (anything|it|this|that|you|your|any)\b"#, #"\blet it (expire|lapse|run out)\b"#,
        #"\b(please )?cancel (it|the (account|order|service|subscription|contract)|my|our)\b"#,
        #"\b(got|has|have) (our|his|her|their) own (guy|person|supplier|provider|vendor|team)\b"#,
        // Renewed with the incumbent: "we signed for another two years".
        #"\b(signed|renewed|re-signed|extended|locked in) (for|with them for) another\b"#, #"\brenewed with\b"#,
    ])
    /// The rep confirming a sale the customer just made: heard when the customer's own words are not.
    static let repWon = patterns([
        #"\bwelcome (aboard|to the family)\b"#, #"\bcongratulations on\b"#,
        #"\b(i'll|we'll|let me) (get|send|email|start|draw up|put together) (you )?(the|your|over the) ([a-z]+ )?(paperwork|agreement|contract|order|onboarding|docusign)\b"#,
        #"\b(excited|thrilled|glad) to (have you|be working with you|work with you|get you started)\b"#,
        #"\bthank(s| you) for (your|the) (business|order|trust)\b"#, #"\bthank(s| you) for choosing\b"#,
        #"\bwho should (the|i send the) (paperwork|agreement|contract|invoice|order form)\b"#,
        #"\b(the|your) (agreement|contract|paperwork|docusign|order form) (will be|is) (in your inbox|on its way|on the way)\b"#,
        #"\b(i'll|we'll|let me|i'm) (send|email|flick|text|whatsapp|sending|emailing)( you)?( over| across| through)? (the|your|a) (proforma |first )?(invoice|payment link|engagement letter|service agreement|setup link)\b"#,
        #"\b(send|email|flick|whatsapp|text)( you)?( over| across| through)? (the|your) (proforma |pro forma |first )?(invoice|payment link|engagement letter|service agreement|setup link|terms of business)\b"#,
        #"\b(we'll|we can|i'll) get (you )?started (straight away|right away|today|tomorrow|on monday|monday)\b"#,
        #"\b(i've|i have) got you down for\b"#, #"\bpay (the )?\$?[\d,]+ on the day\b"#,
        #"\b(secure )?payment link\b"#, #"\bonce (the )?payment (is|has been) (received|through|made)\b"#,
        #"\byou('re| are) (all set|all sorted|covered from)\b(?!.{0,40}\b(demo|meeting|call|visit|appointment|consultation|tasting|inspection|survey)\b)"#,
        #"\b(take|have|need) (the|your) (card|sort code|account number|card details|payment details) for\b"#,
        #"\b(get|have) (the|your) (order|devices|units|kit|equipment|sims) (in|shipped|sent|out|delivered|processed)\b"#,
    ])
    /// The rep taking a refusal: what is said when a deal is lost.
    static let repLost = patterns([
        #"\bif (anything|that|things) (ever )?change(s)?\b"#, #"\bkeep (us|me) in mind\b"#,
        #"\b(sorry|shame) (we|i) couldn't\b"#,
        #"\b(best of|good) luck with (them|the new (provider|supplier|vendor))\b"#, #"\bno hard feelings\b"#,
        #"\bi('ll| will) (close|take) (this|your file|you off|out the file)\b"#,
        #"\brelease the (date|hold|booking)\b"#,
        #"\b(arrange|come) to collect\b"#, #"\bcancel (the )?auto-?renew(al)?\b"#,
        #"\b(make sure|have|get) you('re)? removed\b"#,
        #"\bthank(s| you) for (being straight|giving us a (look|shot|chance))\b"#,
        #"\bappreciate you (telling me|going to bat)\b"#,
        #"\bhard to compete with\b"#, #"\b(sorry|disappointed) to hear\b"#,
    ])
    /// A concrete next step: a day, a time, an invitation, a demo, a follow-up meeting.
    static let nextStep = patterns([
        #"\b(monday|tuesday|wednesday|thursday|friday|tomorrow|next week)\b.{0,30}\b(works|at \w+|sound|good|fine|perfect|is great)\b"#,
        #"\b(send|sending|sent) (me |you )?(the |an |a )?(calendar )?(invite|invitation|hold)\b"#,
        #"\bcalendar hold\b"#,
        #"\b(book|schedule|set up|put|get) (a |the |us down for a |you down for a )?(demo|meeting|call|walkthrough|site visit|follow-up)\b"#,
        #"\bat (ten|eleven|noon|nine|two|three|four|one|\d{1,2})( ?(am|pm|o'clock|thirty|\d\d))?\b.{0,20}\b(works|sounds good|is good|is fine|perfect)\b"#,
        // A farewell that names the day of the next talk: "talk to you Tuesday", "see you then".
        #"\b(talk|speak|see) (to )?you,? (then|on \w+|(on )?(monday|tuesday|wednesday|thursday|friday|saturday|tomorrow|next week))\b"#,
        #"\b(talk|speak) (then|(on )?(monday|tuesday|wednesday|thursday|friday))\b"#,
        #"\b(put|pencil|lock) (it|that|you|us) (in|down)\b"#, #"\bon the calendar\b"#,
        #"\b(it's|that's|you're|we're) (in|on) (my|the|our) (calendar|diary|schedule)\b"#,
        #"\b(get|jump|hop|be) on a (call|zoom|video call|meeting)\b.{0,30}\b(monday|tuesday|wednesday|thursday|friday|tomorrow|next week)\b"#,
        #"\b(i'll|i will|let me|we'll|i can|shall i) (call|ring|phone|email|text|give you a (ring|call|buzz|bell)) (you )?(back )?(at|on|next|this|first thing|then|monday|tuesday|wednesday|thursday|friday|tomorrow|next week)\b"#,
        #"\b(check|checked|checking|circle|touch) back (in|with|around|after|next|then|and)\b"#,
        #"\bcan you (do|come|make|stop by|swing by|come by|come in)\b.{0,30}\b(monday|tuesday|wednesday|thursday|friday|tomorrow|next week|morning|afternoon)\b"#,
        #"\b(get|send|have) (it|them|that|those|you|back to you)\b.{0,30}\bby (the )?([a-z]+(th|st|nd|rd)|\d+(th|st|nd|rd)?|monday|tuesday|wednesday|thursday|friday|end of)\b"#,
        // A day or time agreed ("the thirtieth, yeah, that works", "Tuesday noon, I can do that"), or
        // named with the meeting it is for ("a tasting on the nineteenth", "the survey tomorrow at 11").
        "\\b" + when + #"('s|,)? ?(yeah,? |yep,? |okay,? |then,? )?(that |it )?"#
            + #"(works|work|is fine|'s fine|fine|is good|'s good|is great|perfect|suits|it is|i can do that|i'll take it)\b"#,
        #"\b(demo|tasting|inspection|survey|site visit|visit|walk ?round|load calc|check-?in|consultation|assessment|interviews?|meeting|zoom|presentation|samples?|pilot|trial)\b.{0,60}"#
            + when,
        when
            + #".{0,40}\b(demo|tasting|inspection|survey|site visit|walk ?round|load calc|check-?in|consultation|assessment|interviews?|meeting"#
            + #"|zoom|presentation|meet|sit down|go over|catch up|come (in|out|by|round)|pop (in|by|round)|drop (in|by|off)|swing by)\b"#,
    ])

    static func patterns(_ sources: [String]) -> [NSRegularExpression] {
        sources.map { try! NSRegularExpression(pattern: $0) }  // constants, checked by the tests
    }

    static func first(_ patterns: [NSRegularExpression], in text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        for pattern in patterns {
            if let match = pattern.firstMatch(in: text, range: range), let found = Range(match.range, in: text) {
                return String(text[found])
            }
        }
        return nil
    }

    static func count(_ patterns: [NSRegularExpression], in text: String) -> Int {
        let range = NSRange(text.startIndex..., in: text)
        return patterns.reduce(0) { $0 + $1.numberOfMatches(in: text, range: range) }
    }
}
