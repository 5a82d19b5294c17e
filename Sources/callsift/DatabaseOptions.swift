import ArgumentParser
import Foundation
import Store

/// Where the batch commands find the progress database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("manifest")],
        help: "The manifest whose database to read (default: CALLSIFT_MANIFEST)."
    )
    var manifestOption: String?

    @Option(name: .customLong("database"), help: "The progress database itself (default: CALLSIFT_DATABASE).")
    var databaseOption: String?

    /// -m, else CALLSIFT_MANIFEST (unless a database is named).
    var manifest: String? {
        manifestOption ?? (databaseOption == nil ? Environment.value("CALLSIFT_MANIFEST") : nil)
    }

    /// --database, else CALLSIFT_DATABASE (unless a manifest is named).
    var database: String? {
        databaseOption ?? (manifestOption == nil ? Environment.value("CALLSIFT_DATABASE") : nil)
    }

    func store() async throws -> Store { try await BatchCLI.store(manifest: manifest, database: database) }
    /// For the commands that only read: works where this user may not write the database.
    func reader() async throws -> Store {
        try await BatchCLI.store(manifest: manifest, database: database, readOnly: true)
    }
}
