/// A systemd unit file as Quadlet reads it: groups of `Key=Value` lines with
/// comments kept, so the file can be edited and written back almost verbatim.
///
/// Several `[Group]` sections with the same name merge into one. Lines keep
/// where they came from (file and line number) so errors can point at them.
public struct UnitFile: Sendable {
    /// The file's base name, e.g. `web.container`.
    public var filename: String
    /// The path it was read from; empty for a unit built in memory.
    public var path: String

    /// Groups in file order. Files have a handful, so finding one by a
    /// linear scan of short names beats hashing the name.
    var groups: [UnitGroup] = []

    public init(filename: String = "", path: String = "") {
        self.filename = filename
        self.path = path
    }

    /// Parses `text` as a unit file. `path` is remembered for messages and
    /// for resolving relative paths; `filename` defaults to its last component.
    public init(parsing text: String, path: String = "", filename: String? = nil) throws(UnitParseError) {
        self.init(filename: filename ?? UnitFile.baseName(of: path), path: path)
        var parser = UnitFileParser(path: path)
        try parser.parse(text, into: &self)
    }

    /// Names of all groups, in file order.
    public var groupNames: [String] { groups.map(\.name) }

    public func hasGroup(_ name: String) -> Bool { groupIndex(name) != nil }

    func groupIndex(_ name: String) -> Int? {
        groups.firstIndex { $0.name == name }
    }

    func group(_ name: String) -> UnitGroup? {
        guard let index = groupIndex(name) else { return nil }
        return groups[index]
    }

    @discardableResult
    mutating func ensureGroup(_ name: String) -> Int {
        if let index = groupIndex(name) { return index }
        groups.append(UnitGroup(name: name))
        return groups.count - 1
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(ofByte: UInt8(ascii: "/")) else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// Where a line came from, for error messages.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

struct UnitLine: Sendable {
    var key: String
    var value: String
    var isComment: Bool
    var location: SourceLocation?

    /// Lengths first: most keys asked about differ in length, and that is
    /// cheaper to see than a string comparison.
    func isKey(_ name: String) -> Bool { !isComment && key.utf8.count == name.utf8.count && key == name }
}

struct UnitGroup: Sendable {
    var name: String
    /// Comments standing before the `[Group]` header.
    var comments: [UnitLine] = []
    var lines: [UnitLine] = []

    init(name: String) {
        self.name = name
        // Room for a typical group, so the first lines added do not each
        // reallocate the array.
        lines.reserveCapacity(8)
    }

    func lastLine(for key: String) -> Int? {
        lines.lastIndex { $0.isKey(key) }
    }

    mutating func merge(_ other: UnitGroup) {
        comments += other.comments
        lines += other.lines
    }
}
