import Foundation
import Scoring
import TestSupport
import Testing
import Transcripts

private func conversation(_ lines: [String], startingAt start: Double = 0) -> [Utterance] {
    ScriptedCall.utterances(lines, startingAt: start)
}

private func sampleCall(_ name: String) throws -> [Utterance] {
    ScriptedCall.utterances(try ScriptedCall.script(name))
}

/// The error a throwing call threw, or nil.
private func failure<T>(_ body: () throws(PlaybookError) -> T) -> PlaybookError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite struct PlaybookParsingTests {
    @Test func readsAYAMLPlaybook() throws {
        let playbook = try Playbook.parse(
            """
            # Rep playbook for Alex's discovery calls.
            id: alex-discovery
            name: Northwind discovery
            org_id: northwind
            rep_id: alex
            active: false
            talking_points:
              - One bill for every phone line
              - Month-to-month plans, leave any time
            required_questions:
              - Roughly how much do phone expenses come to each month?
            """, defaultID: "ignored", source: "playbooks/alex-discovery.yaml")
        #expect(
            playbook
                == Playbook(
                    id: "alex-discovery", name: "Northwind discovery", orgID: "northwind", repID: "alex", active: false,
                    talkingPoints: ["One bill for every phone line", "Month-to-month plans, leave any time"],
                    requiredQuestions: ["Roughly how much do phone expenses come to each month?"],
                    source: "playbooks/alex-discovery.yaml"))
    }

    @Test func readsMarkdownWithFrontMatter() throws {
        let playbook = try Playbook.parse(
            """
            ---
            org_id: northwind
            ---

            # Northwind Telecom: business phone plans

            Everything a new rep needs on the first call.

            ## Who we sell to
            - Offices of 10 to 200 people

            ## Talking points
            - **One bill** for all their phone lines
              - mention the three-carrier example
            * Staff keep their numbers
              when they move desks

            ### Discovery questions
            1. How are they handling phones today?
            2) Who else is involved in the decision?

            ## Objections
            - "We are locked in": ask when the contract ends
            """, defaultID: "northwind-org", source: "playbooks/northwind-org.md")
        #expect(playbook.id == "northwind-org")
        #expect(playbook.name == "Northwind Telecom: business phone plans")
        #expect(playbook.orgID == "northwind")
        #expect(playbook.repID == nil)
        #expect(playbook.active)
        #expect(
            playbook.talkingPoints == [
                "One bill for all their phone lines", "Staff keep their numbers when they move desks",
            ])
        #expect(
            playbook.requiredQuestions == [
                "How are they handling phones today?", "Who else is involved in the decision?",
            ])
    }

    @Test func readsMarkdownWithoutFrontMatter() throws {
        let playbook = try Playbook.parse(
            """
            # Renewal calls

            ## Value propositions
            * The standard tier keeps today's price
            * Call routing and shared voicemail are included

            ## Questions to ask
            - Which features does your team use most?
            """, defaultID: "renewals", source: "playbooks/renewals.md")
        #expect(playbook.id == "renewals")
        #expect(playbook.name == "Renewal calls")
        #expect(playbook.orgID == nil)
        #expect(playbook.talkingPoints.count == 2)
        #expect(playbook.requiredQuestions == ["Which features does your team use most?"])
    }

    @Test(arguments: [
        ("id: x\ntalking_points: [One bill, month-to-month\n", "line"),
        ("id: northwind\nname: Northwind\norg_id: northwind\n", "no talking_points and no required_questions"),
        ("# Northwind\n\n## Pricing\n- Thirty five a person\n", "no bullets under a “Talking points”"),
        ("id: north wind\ntalking_points: [One bill]\n", "the id “north wind”"),
        ("id: ok\ntalkingpoints: [One bill]\n", "unknown key “talkingpoints”"),
        ("id: ok\ntalking_points: One bill\n", "“talking_points” should be a list"),
        ("id: ok\nrep_id: alex\ntalking_points: [One bill]\n", "needs an org_id"),
        ("   \n\n", "it is empty"),
        ("Just call them and be nice.", "expected a YAML mapping"),
    ])
    func rejectsWhatIsNotAPlaybook(text: String, reason: String) {
        let error = failure { () throws(PlaybookError) in
            try Playbook.parse(text, defaultID: "bad", source: "playbooks/bad.yaml")
        }
        #expect(error?.code == "invalid_playbook")
        #expect(error?.message.hasPrefix("playbooks/bad.yaml: ") == true)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error")")
        #expect(error?.details["source"] == "playbooks/bad.yaml")
    }

    @Test func rejectsAFileNameThatIsNoID() {
        let error = failure { () throws(PlaybookError) in
            try Playbook.parse(
                "talking_points: [One bill]\n", defaultID: "my playbook", source: "playbooks/my playbook.yaml")
        }
        #expect(error?.code == "invalid_playbook")
        #expect(
            error?.message.contains("“my playbook” (taken from the file name; set `id:` to choose another)") == true)
    }
}

@Suite struct PlaybookLibraryTests {
    @Test func loadsTheGoodFilesAndReportsTheBadOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("playbooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [
            "northwind-org.md":
                "---\norg_id: northwind\n---\n# Northwind\n## Talking points\n- One bill for all lines\n",
            "alex.yml": "org_id: northwind\nrep_id: alex\nrequired_questions: [Who else is involved?]\n",
            "broken.yaml": "talking_points: [One bill\n",
            "copy-of-alex.yaml": "id: alex\norg_id: northwind\ntalking_points: [Paid pilot]\n",
            "notes.txt": "not a playbook",
        ]
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        let library = try PlaybookLibrary(directory: directory.path)

        #expect(library.playbooks.map(\.id) == ["alex", "northwind-org"])
        #expect(library.playbook(id: "alex")?.source.hasSuffix("/alex.yml") == true)
        #expect(library.problems.map(\.code) == ["invalid_playbook", "duplicate_playbook_id"])
        #expect(library.problems[0].message.contains("broken.yaml"))
        let duplicate = library.problems[1].message
        #expect(
            duplicate.contains("alex.yml") && duplicate.contains("copy-of-alex.yaml") && duplicate.contains("“alex”"))
    }

    @Test func reportsADirectoryThatCannotBeRead() {
        let error = failure { () throws(PlaybookError) in try PlaybookLibrary(directory: "/nonexistent/playbooks") }
        #expect(error?.code == "playbook_unreadable")
        #expect(error?.message.contains("/nonexistent/playbooks") == true)
    }

    @Test func readsTheExamplePlaybooks() throws {
        let library = try PlaybookLibrary(
            directory: ScriptedCall.repositoryRoot.appendingPathComponent("playbooks").path)
        #expect(library.problems.isEmpty)
        #expect(library.playbooks.map(\.id) == ["alex-discovery", "northwind-org"])
        #expect(
            try library.resolve(content: nil, playbookID: nil, orgID: "northwind", repID: "alex")?.playbook.id
                == "alex-discovery")
        #expect(
            try library.resolve(content: nil, playbookID: nil, orgID: "northwind", repID: "sam")?.playbook.id
                == "northwind-org")
    }
}

@Suite struct PlaybookResolutionTests {
    static func playbook(_ id: String, org: String? = nil, rep: String? = nil, active: Bool = true) -> Playbook {
        Playbook(
            id: id, name: id, orgID: org, repID: rep, active: active, talkingPoints: ["One bill"],
            requiredQuestions: [], source: "\(id).yaml")
    }

    let library = PlaybookLibrary(playbooks: [
        playbook("northwind-org", org: "northwind"),
        playbook("alex-discovery", org: "northwind", rep: "alex"),
        playbook("sam-old", org: "northwind", rep: "sam", active: false),
        playbook("acme-retired", org: "acme", active: false),
        playbook("pricing-special"),
        playbook("globex-b", org: "globex"),
        playbook("globex-a", org: "globex"),
    ])

    func resolve(content: String? = nil, id: String? = nil, org: String? = nil, rep: String? = nil) throws -> (
        String, PlaybookResolution.Via
    )? {
        try library.resolve(content: content, playbookID: id, orgID: org, repID: rep).map { ($0.playbook.id, $0.via) }
    }

    @Test func requestContentComesFirst() throws {
        let resolution = try library.resolve(
            content: "name: Call-specific\ntalking_points: [Paid pilot]\n", playbookID: "pricing-special",
            orgID: "northwind", repID: "alex")
        #expect(resolution?.via == .requestContent)
        #expect(resolution?.playbook.source == "request")
        #expect(resolution?.playbook.talkingPoints == ["Paid pilot"])
        #expect(PlaybookResolution.Via.requestContent.rawValue == "request_content")
    }

    @Test func anExplicitIDComesBeforeRepAndOrg() throws {
        #expect(try resolve(id: "pricing-special", org: "northwind", rep: "alex")! == ("pricing-special", .playbookID))
        #expect(try resolve(id: "sam-old")! == ("sam-old", .playbookID), "an explicit id finds an inactive playbook")
    }

    @Test func theRepPlaybookComesBeforeTheOrgPlaybook() throws {
        #expect(try resolve(org: "northwind", rep: "alex")! == ("alex-discovery", .rep))
    }

    @Test func theOrgPlaybookComesNext() throws {
        #expect(try resolve(org: "northwind", rep: "jordan")! == ("northwind-org", .org))
        #expect(try resolve(org: "northwind")! == ("northwind-org", .org))
        #expect(
            try resolve(org: "northwind", rep: "sam")! == ("northwind-org", .org), "an inactive rep playbook is skipped"
        )
    }

    @Test func otherwiseThereIsNone() throws {
        #expect(try resolve(org: "acme", rep: "alex") == nil, "an inactive org playbook is skipped")
        #expect(try resolve(org: "initech", rep: "alex") == nil)
        #expect(try resolve(rep: "alex") == nil, "a rep playbook needs the org too")
        #expect(try resolve() == nil)
    }

    @Test func tiesGoToTheSmallestID() throws {
        #expect(try resolve(org: "globex")! == ("globex-a", .org))
    }

    @Test func anUnknownIDIsAnErrorNotAFallback() {
        let error = failure { () throws(PlaybookError) in
            try library.resolve(content: nil, playbookID: "nortwind-org", orgID: "northwind", repID: "alex")
        }
        #expect(error?.code == "playbook_not_found")
        #expect(error?.message.contains("“nortwind-org”") == true)
        #expect(error?.details["playbook_id"] == "nortwind-org")
    }

    @Test func badRequestContentIsAnError() {
        let error = failure { () throws(PlaybookError) in
            try library.resolve(content: "name: Empty\n", playbookID: nil, orgID: "northwind", repID: "alex")
        }
        #expect(error?.code == "invalid_playbook")
        #expect(error?.message.hasPrefix("request: ") == true)
    }
}

@Suite struct PlaybookCheckTests {
    static let playbook = Playbook(
        id: "alex-discovery", name: "Northwind discovery", orgID: "northwind", repID: "alex",
        talkingPoints: [
            "Month-to-month plans, leave any time", "Start with a paid pilot",
            "Staff keep their numbers when they move desks",
        ],
        requiredQuestions: ["How are they handling phones today?", "Who else is involved in the decision?"],
        source: "playbooks/alex-discovery.yaml")

    static let call = conversation([
        "REP: Hi, this is Alex from Northwind Telecom.",
        "CUSTOMER: Hi Alex. A paid pilot would be nice, to be honest.",
        "REP: How are you handling phones for your team today?",
        "CUSTOMER: Everyone uses their own mobile.",
        "PAUSE: 38",
        "REP: Fair enough. Our plans are month to month, so you can leave any time.",
        "REP: And your staff keep their numbers",
        "REP: when they move desks.",
        "CUSTOMER: Sounds good.",
        "REP: I would like to know who else is involved in the decision.",
    ])

    @Test func findsWhatTheRepCoveredAndWhatTheyMissed() {
        let report = PlaybookCheck.check(Self.playbook, utterances: Self.call, repSpeakers: [0])
        let points = report.talkingPoints

        #expect(points.map(\.status) == [.covered, .missed, .covered])
        #expect(points[0].quote == "Our plans are month to month, so you can leave any time.")
        #expect(points[0].coverage == 1)
        #expect(points[1].quote == nil, "the customer saying it does not count")
        #expect(
            points[2].quote == "And your staff keep their numbers when they move desks.",
            "a thought split over two rep utterances")
        #expect(report.requiredQuestions.map(\.status) == [.covered, .statedNotAsked])
        #expect(report.requiredQuestions.map(\.covered) == [true, false])

        #expect(
            report.organizationPromptSummary == """
                Playbook “Northwind discovery” (rep playbook for alex): 2 of 3 talking points and 1 of 2 required questions covered. \
                1 required question was stated but not asked as a question.
                """)
        let feedback = report.organizationFeedback.split(separator: "\n").map(String.init)
        #expect(
            feedback == [
                "Covered “Month-to-month plans, leave any time” at 0:53: “Our plans are month to month, so you can leave any time.”",
                "Not covered: “Start with a paid pilot”",
                "Covered “Staff keep their numbers when they move desks” at 0:59: “And your staff keep their numbers when they move desks.”",
                "Asked “How are they handling phones today?” at 0:08: “How are you handling phones for your team today?”",
                "Not asked as a question: “Who else is involved in the decision?” (stated at 1:05: “I would like to know who else is involved in the decision.”)",
            ])
        #expect(PlaybookCheck.check(Self.playbook, utterances: Self.call, repSpeakers: [0]) == report)
    }

    @Test func onlyTheRepCounts() {
        let report = PlaybookCheck.check(Self.playbook, utterances: Self.call, repSpeakers: [1])
        #expect(report.talkingPoints.map(\.status) == [.missed, .covered, .missed])
        #expect(report.requiredQuestions.allSatisfy { !$0.covered })
    }

    @Test func utterancesAcrossACustomerTurnAreNotJoined() {
        let call = conversation([
            "REP: Our business plan is thirty five a person.",
            "CUSTOMER: Is there a setup fee?",
            "REP: No, and we can start with a one month trial.",
        ])
        let playbook = Playbook(
            id: "p", name: "P", talkingPoints: ["Month-to-month plans, no contract"], requiredQuestions: [],
            source: "request")
        let report = PlaybookCheck.check(playbook, utterances: call, repSpeakers: [0])
        #expect(!report.talkingPoints[0].covered)
        #expect(report.talkingPoints[0].coverage < 0.5)
        #expect(
            report.organizationPromptSummary == "Playbook “P” (sent with the request): 0 of 1 talking point covered.")
    }

    @Test func longQuotesAreCutAtAWord() {
        let long =
            "REP: And there is more. Every plan is month to month"
            + String(repeating: " and your office can add or drop a line whenever", count: 4)
            + ", with no contract at all."
        let playbook = Playbook(
            id: "p", name: "P", talkingPoints: ["Month-to-month plans with no contract"], requiredQuestions: [],
            source: "request")
        let item = PlaybookCheck.check(playbook, utterances: conversation([long], startingAt: 3725), repSpeakers: [0])
            .talkingPoints[0]
        #expect(item.covered)
        #expect(item.quote?.hasPrefix("Every plan is month to month") == true)
        #expect((item.quote?.count ?? 0) <= 160)
        #expect(item.quote?.hasSuffix("…") == true)
        #expect(item.startSeconds.map { $0 >= 3725 && $0 < 3730 } == true)
        #expect(
            PlaybookCheck.check(playbook, utterances: conversation([long], startingAt: 3725), repSpeakers: [0])
                .organizationFeedback.hasPrefix(
                    "Covered “Month-to-month plans with no contract” at 1:02:06: “Every plan"))
    }

    /// The example playbooks against the sample calls: each covers some items and misses others.
    @Test func theExamplePlaybooksOnTheSampleCalls() throws {
        let library = try PlaybookLibrary(
            directory: ScriptedCall.repositoryRoot.appendingPathComponent("playbooks").path)
        let alex = try #require(library.playbook(id: "alex-discovery"))
        let org = try #require(library.playbook(id: "northwind-org"))

        let discovery = PlaybookCheck.check(alex, utterances: try sampleCall("discovery-call"), repSpeakers: [0])
        #expect(discovery.talkingPoints.map(\.covered) == [false, true, true, false])
        #expect(discovery.requiredQuestions.map(\.covered) == [true, true])

        let pricing = PlaybookCheck.check(org, utterances: try sampleCall("pricing-call"), repSpeakers: [0])
        #expect(pricing.talkingPoints.map(\.covered) == [false, false, false, true])
        #expect(pricing.requiredQuestions.map(\.covered) == [true, false])

        let authority = PlaybookCheck.check(org, utterances: try sampleCall("authority-call"), repSpeakers: [0])
        #expect(authority.talkingPoints.map(\.covered) == [true, false, false, false])
        #expect(authority.requiredQuestions.map(\.covered) == [true, true])

        let renewal = PlaybookCheck.check(org, utterances: try sampleCall("renewal-call"), repSpeakers: [0])
        #expect(renewal.talkingPoints.allSatisfy { !$0.covered })
        #expect(renewal.requiredQuestions.allSatisfy { !$0.covered })
        #expect(
            renewal.organizationPromptSummary.contains("0 of 4 talking points and 0 of 2 required questions covered"))

        let competitor = PlaybookCheck.check(org, utterances: try sampleCall("competitor-call"), repSpeakers: [0])
        #expect(
            competitor.requiredQuestions.allSatisfy { !$0.covered },
            "“change the decision?” is not “who else is involved”")

        let voicemail = PlaybookCheck.check(alex, utterances: try sampleCall("voicemail"), repSpeakers: [0])
        #expect(voicemail.talkingPoints.allSatisfy { !$0.covered }, "“five five five, two one eight” is not “one bill”")
    }
}
