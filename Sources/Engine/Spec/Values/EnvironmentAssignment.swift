/// One `-e`/`--env` value or `--env-file` line, as Podman's `pkg/env` reads it.
package enum EnvironmentAssignment: Equatable, Sendable {
    /// `NAME=VALUE`
    case set(name: String, value: String)
    /// `NAME`: the host's value, if it has one.
    case inherit(name: String)
    /// `PREFIX*`: every host variable whose name starts with the prefix.
    case inheritPrefix(String)

    package static func parse(_ text: String) throws -> EnvironmentAssignment {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, !text.contains("\0") else {
            throw EngineError.invalid("invalid variable: \(text.debugDescription)")
        }
        let name = String(parts[0].drop(while: { $0 == " " || $0 == "\t" }))
        if parts.count > 1 { return .set(name: name, value: String(parts[1])) }
        if name.hasSuffix("*") { return .inheritPrefix(String(name.dropLast())) }
        return .inherit(name: name)
    }

    /// The assignments of an env file's contents: blank lines and `#`
    /// comments are skipped, leading white space is not part of a name.
    package static func parseFile(_ contents: [UInt8]) throws -> [EnvironmentAssignment] {
        var assignments: [EnvironmentAssignment] = []
        for line in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            text = String(text.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }))
            if text.isEmpty || text.hasPrefix("#") { continue }
            assignments.append(try parse(text))
        }
        return assignments
    }
}
