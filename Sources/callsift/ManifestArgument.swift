import ArgumentParser
import Foundation

/// How every command that runs a manifest is told which: `callsift run M`, `callsift run -m M`, or
/// `CALLSIFT_MANIFEST=M callsift run` (a crontab line or a systemd unit sets it once).
struct ManifestArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The manifest (YAML or JSON); or -m, or CALLSIFT_MANIFEST.", valueName: "manifest"))
    var positional: String?

    @Option(name: [.customShort("m"), .customLong("manifest")], help: "The manifest, as an option.")
    var option: String?

    func validate() throws {
        if let positional, let option, positional != option {
            throw ValidationError("Two manifests named: \(positional) and -m \(option). Name one.")
        }
        _ = try path
    }

    /// The manifest named, else `CALLSIFT_MANIFEST`.
    var path: String {
        get throws {
            if let named = positional ?? option ?? Environment.value("CALLSIFT_MANIFEST") { return named }
            throw ValidationError("Name the manifest: callsift run M, -m M, or CALLSIFT_MANIFEST=M.")
        }
    }
}

/// callsift's environment variables, read in one place.
enum Environment {
    /// The variable's value when it is set and not empty.
    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
