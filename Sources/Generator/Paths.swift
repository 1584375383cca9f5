import UnitParser

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
        guard let slash = path.lastIndex(ofByte: UInt8(ascii: "/")) else { return "." }
        if slash == path.startIndex { return "/" }
        let parent = String(path[..<slash])
        // Clean only when there is something to clean: "//", "/." or a leading ".".
        var previous: UInt8 = UInt8(ascii: "/")
        for byte in parent.utf8 {
            if (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")) && previous == UInt8(ascii: "/") {
                return clean(parent)
            }
            previous = byte
        }
        return previous == UInt8(ascii: "/") ? clean(parent) : parent
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(ofByte: UInt8(ascii: "/")) else { return path }
        return String(path[path.index(after: slash)...])
    }
}
