import ArgumentParser
import Foundation
import Store

/// Where the batch commands find the progress database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: [.short, .customLong("manifest")], help: "The manifest whose database to read.")
    var manifest: String?

    @Option(help: "The progress database itself.")
    var database: String?

    func store() throws -> Store { try BatchCLI.store(manifest: manifest, database: database) }
    /// For the commands that only read: works where this user may not write the database.
    func reader() throws -> Store { try BatchCLI.store(manifest: manifest, database: database, readOnly: true) }
}
