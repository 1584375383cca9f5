/// Lexical path operations (like Go's `path/filepath`), no file system access.
enum Paths {
    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    /// Joins and cleans, the way `filepath.Join` does.
    static func join(_ parts: String...) -> String {
        clean(parts.filter { !$0.isEmpty }.joined(separator: "/"))
    }

    /// Removes `.`, `..`, doubled and trailing slashes.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return clean(String(path[..<slash]))
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `target` relative to the directory `base` (both relative to the same root).
    static func relative(from base: String, to target: String) -> String {
        let baseParts = clean(base).split(separator: "/").filter { $0 != "." }
        let targetParts = clean(target).split(separator: "/").filter { $0 != "." }
        var common = 0
        while common < baseParts.count, common < targetParts.count, baseParts[common] == targetParts[common] {
            common += 1
        }
        let up = Array(repeating: "..", count: baseParts.count - common)
        let rest = targetParts[common...].map(String.init)
        let parts = up + rest
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
