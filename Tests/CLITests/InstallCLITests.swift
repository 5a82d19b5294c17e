import Foundation
import TestSupport
import Testing

/// `make install` as an operator uses it: into a prefix, then `callsift` from PATH in another
/// folder, its man page and its completions.
@Suite struct InstallCLITests {
    static let repository = ScriptedCall.repositoryRoot.path

    @Test func anInstalledCallsiftRunsFromPathWithItsManPageAndCompletions() throws {
        let prefix = try temporaryDirectory("prefix")
        // This build's binary (building again here would take minutes), the checkout's speech engine linked.
        let install = try Tool.run(
            [
                "env", "PREFIX=\(prefix)", "INSTALL_BIN=\((CLITests.binary as NSString).deletingLastPathComponent)",
                "SPEECH_VENV=\(Self.repository)/.venv", "\(Self.repository)/scripts/install.sh",
            ], check: false)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")

        // From another folder, found on PATH by its bare name: it finds the speech engine beside itself.
        let shell = { (command: String) in
            try Tool.run(
                [
                    "env", "-i", "PATH=\(prefix)/bin:/usr/bin:/bin", "HOME=\(prefix)", "bash", "-c",
                    "cd / && \(command)",
                ],
                check: false)
        }
        let version = try shell("callsift --version")
        #expect(version.status == 0 && version.stdout.hasPrefix("callsift 0."), "\(version.stdout)\(version.stderr)")
        let doctor = try shell("callsift doctor")
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("ok   speech engine: whisper tiny.en on cpu with \(prefix)/lib/callsift/.venv"))

        let man = try shell("man -P cat -l \(prefix)/share/man/man1/callsift.1")
        #expect(man.status == 0 && man.stdout.contains("callsift"), "\(man.stderr)")
        #expect(man.stdout.contains("doctor") && man.stdout.contains("--log-format"), "\(man.stdout.prefix(400))")

        let bash = try shell(
            "source \(prefix)/share/bash-completion/completions/callsift && complete -p callsift")
        #expect(bash.stdout.contains("callsift"), "\(bash.stdout)\(bash.stderr)")
        for file in ["share/zsh/site-functions/_callsift", "share/fish/vendor_completions.d/callsift.fish"] {
            let text = try String(contentsOfFile: "\(prefix)/\(file)", encoding: .utf8)
            #expect(text.contains("doctor") && text.contains("log-format"), "\(file)")
        }
    }

    /// man/callsift.1 is made by `make man`; a command or option added since is missing from it.
    @Test func theManPageNamesEveryCommandAndOption() throws {
        let page = try String(contentsOfFile: "\(Self.repository)/man/callsift.1", encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        let dump = try CLITests.callsift(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var missing: [String] = []
        func walk(_ command: [String: Any], path: [String]) {
            let name = command["commandName"] as? String ?? ""
            let here = path + [name]
            if here.count > 1, !page.contains(name) { missing.append(here.joined(separator: " ")) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                guard let long = names.first(where: { $0.count > 1 }), long != "help", long != "version" else {
                    continue
                }
                if !page.contains("-\(long)") { missing.append("\(here.joined(separator: " ")) --\(long)") }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path: here) }
        }
        walk(try #require(root["command"] as? [String: Any]), path: [])
        #expect(missing.isEmpty, "run `make man`: man/callsift.1 lacks \(missing)")
    }
}
