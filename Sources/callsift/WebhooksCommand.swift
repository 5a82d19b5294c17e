import ArgumentParser
import Batch
import Foundation
import Manifests

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Deliver the webhook outbox.", subcommands: [Flush.self])

    struct Flush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Send every undelivered webhook now (backoff waits included, given-up ones not); say how many went.")
        @OptionGroup var manifestArgument: ManifestArgument
        @Flag(help: "One JSON object: delivered, failed, given up.") var json = false

        func run() async throws {
            let manifest = try manifestArgument.path
            let loaded: Manifest
            do { loaded = try BatchCLI.manifest(at: manifest) } catch {
                for problem in error.problems { Output.error("\(problem)") }
                throw ExitCode(ExitStatus.usage)
            }
            let store = try await BatchCLI.open(loaded.database)
            let total = try await WebhookSender(
                store: store, webhooks: loaded.webhooks, callbackSecret: loaded.callbackSecret,
                retry: loaded.webhookRetry
            ).flush()
            if json {
                Output.json(["delivered": total.delivered, "failed": total.failed, "given_up": total.gaveUp])
            } else {
                Output.line(
                    "\(total.delivered) delivered, \(total.failed) failed (retried later), \(total.gaveUp) given up")
            }
            if total.failed + total.gaveUp > 0 { throw ExitCode(ExitStatus.someFailed) }
        }
    }
}
