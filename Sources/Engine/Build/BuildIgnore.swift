import Foundation

/// `.containerignore` / `.dockerignore`: glob patterns (`*`, `?`, `[...]`,
/// `**` for any number of directories), `!` re-including, `#` comments.
/// A path is excluded when the last pattern matching it or one of its
/// parent directories is not a negation.
package struct BuildIgnore: Sendable {
    struct Pattern: Sendable {
        var parts: [String]
        var negated: Bool
    }

    var patterns: [Pattern]

    package init(text: String) {
        patterns = text.split(separator: "\n").compactMap { raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            var negated = false
            if line.hasPrefix("!") { negated = true; line = line.dropFirst().trimmingCharacters(in: .whitespaces) }
            let parts = line.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
            guard !parts.isEmpty else { return nil }
            return Pattern(parts: parts, negated: negated)
        }
    }

    package static let empty = BuildIgnore(text: "")

    /// The ignore file for a context: `explicit` (`--ignorefile`), else
    /// `.containerignore`, else `.dockerignore` in the context directory.
    package static func load(context: String, explicit: String?) throws -> BuildIgnore {
        if let explicit {
            guard let data = FileManager.default.contents(atPath: explicit) else {
                throw EngineError.notFound("ignore file \(explicit): no such file or directory")
            }
            return BuildIgnore(text: String(decoding: data, as: UTF8.self))
        }
        for name in [".containerignore", ".dockerignore"] {
            if let data = FileManager.default.contents(atPath: context + "/" + name) {
                return BuildIgnore(text: String(decoding: data, as: UTF8.self))
            }
        }
        return .empty
    }

    package var isEmpty: Bool { patterns.isEmpty }

    /// `path` relative to the context, `/`-separated, no leading `./`.
    package func excludes(_ path: String) -> Bool {
        guard !patterns.isEmpty else { return false }
        let parts = path.split(separator: "/").map(String.init)
        var excluded = false
        for pattern in patterns {
            var hit = false
            for n in stride(from: parts.count, through: 1, by: -1) where BuildIgnore.match(pattern.parts[...], parts[0..<n]) {
                hit = true
                break
            }
            if hit { excluded = !pattern.negated }
        }
        return excluded
    }

    static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            for skip in 0...path.count where match(rest, path.dropFirst(skip)) { return true }
            return false
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
