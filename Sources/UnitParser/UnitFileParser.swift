/// Line-by-line reader behind `UnitFile(parsing:)`, following Quadlet's rules:
/// lines are trimmed, `#`/`;` start comments, a trailing `\` joins the next
/// line with nothing in between, and comments inside a continuation vanish.
struct UnitFileParser {
    let path: String
    private var currentGroup: Int?
    private var pendingComments: [UnitLine] = []

    init(path: String) {
        self.path = path
    }

    mutating func parse(_ text: String, into file: inout UnitFile) throws(UnitParseError) {
        if let nul = text.utf8.firstIndex(of: 0) {
            // systemd cannot represent a NUL anywhere in a unit file.
            let line = text.utf8[..<nul].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw UnitParseError(location: SourceLocation(path: path, line: line), message: "line contains a NUL byte")
        }
        var scalars = Substring(text).unicodeScalars
        if scalars.last == "\n" { scalars = scalars.dropLast() }
        // Split on scalars: as Characters, "\r\n" would not equal "\n".
        let rawLines = scalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
        var continued = ""
        var continuationStart = 0

        for (index, raw) in rawLines.enumerated() {
            var line = Self.trim(raw)
            let number = index + 1
            if Self.isComment(line) {
                if !continued.isEmpty { continue }
            } else {
                var endsFile = false
                if line.hasSuffix("\\") {
                    line = line.dropLast()
                    if index != rawLines.count - 1 {
                        if continued.isEmpty { continuationStart = number }
                        continued += line
                        continue
                    }
                    endsFile = true
                }
                if !continued.isEmpty {
                    line = Self.trim(Substring(continued + line))
                    continued = ""
                } else {
                    continuationStart = number
                }
                if endsFile {
                    // A continuation at the end of the file continues nothing. No
                    // value may end in a backslash: written back, it would
                    // swallow the line after it.
                    while let last = line.last, last == "\\" || last.isWhitespace { line = line.dropLast() }
                }
            }
            let location = SourceLocation(path: path, line: Self.isComment(line) ? number : continuationStart)
            try parseLine(line, at: location, into: &file)
        }

        if currentGroup == nil {
            // A file of comments only keeps them in a nameless group.
            currentGroup = file.ensureGroup("")
        }
        // Comments at the end stay at the end, even when the last section
        // repeated an earlier group: written back, they must not move.
        currentGroup = file.groups.count - 1
        flushPendingComments(asGroupComments: false, into: &file)
    }

    private mutating func parseLine(_ line: Substring, at location: SourceLocation, into file: inout UnitFile) throws(UnitParseError) {
        if Self.isComment(line) {
            pendingComments.append(UnitLine(key: "", value: String(line), isComment: true, location: location))
        } else if let name = Self.groupName(line) {
            guard Self.isValidGroupName(name) else {
                throw UnitParseError(location: location, message: "invalid group name: \(name)")
            }
            let isFirstGroup = file.groups.isEmpty
            currentGroup = file.ensureGroup(String(name))
            if !isFirstGroup, let first = pendingComments.first, first.value.isEmpty {
                // One blank line between groups is added back when writing.
                pendingComments.removeFirst()
            }
            flushPendingComments(asGroupComments: true, into: &file)
        } else if let equals = line.firstIndex(of: "="), equals != line.startIndex {
            guard let group = currentGroup else {
                throw UnitParseError(location: location, message: "key \"\(line[..<equals])\" appears before any [Group] header")
            }
            var key = line[..<equals]
            while let last = key.last, last.isWhitespace { key = key.dropLast() }
            guard !key.isEmpty, key.first != " " else {
                throw UnitParseError(location: location, message: "invalid key name: \(key)")
            }
            var value = line[line.index(after: equals)...]
            while let first = value.first, first.isWhitespace { value = value.dropFirst() }
            flushPendingComments(asGroupComments: false, into: &file)
            file.groups[group].lines.append(UnitLine(key: String(key), value: String(value), isComment: false, location: location))
        } else {
            throw UnitParseError(location: location, message: "line is not a key-value pair, group, or comment: \"\(line)\"")
        }
    }

    private mutating func flushPendingComments(asGroupComments: Bool, into file: inout UnitFile) {
        guard let group = currentGroup, !pendingComments.isEmpty else { return }
        if asGroupComments {
            file.groups[group].comments += pendingComments
        } else {
            file.groups[group].lines += pendingComments
        }
        pendingComments.removeAll()
    }

    static func isComment(_ line: Substring) -> Bool {
        guard let first = line.first else { return true }
        return first == "#" || first == ";"
    }

    /// The name inside `[...]` when the line is a group header: up to the
    /// first `]`, followed only by blanks.
    static func groupName(_ line: Substring) -> Substring? {
        guard line.first == "[", let end = line.firstIndex(of: "]") else { return nil }
        let rest = line[line.index(after: end)...]
        guard rest.allSatisfy({ $0 == " " || $0 == "\t" }) else { return nil }
        return line[line.index(after: line.startIndex)..<end]
    }

    static func isValidGroupName(_ name: Substring) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "[" || $0 == "]" || $0.properties.generalCategory == .control }
    }

    static func trim(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
