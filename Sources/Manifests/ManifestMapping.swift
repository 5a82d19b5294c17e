import Yams

/// A YAML mapping read by `ManifestNode.mapping(allowed:)`: its values by key, each with its path.
struct ManifestMapping {
    let node: ManifestNode
    /// The keys, in the order written.
    let keys: [String]
    let values: [String: Yams.Node]

    subscript(key: String) -> ManifestNode? {
        values[key].map { ManifestNode(node: $0, field: node.path(key), log: node.log) }
    }

    /// The value, or a `missing_field` problem at the mapping's line telling what to write.
    func require(_ key: String, _ hint: String) -> ManifestNode? {
        if let value = self[key] { return value }
        node.log.add(.missingField, line: node.line, field: node.path(key), "\(key) is required: \(hint)")
        return nil
    }
}
