/// Line-by-line reader behind `UnitFile(parsing:)`, following Quadlet's rules:
/// lines are trimmed, `#`/`;` start comments, a trailing `\` joins the next
/// line with nothing in between, and comments inside a continuation vanish.
///
/// It works on UTF-8 bytes: every character the syntax cares about is ASCII.
struct UnitFileParser {
    let path: String
    private var currentGroup: Int?
    private var pendingComments: [UnitLine] = []

    init(path: String) {
        self.path = path
    }

    mutating func parse(_ text: String, into file: inout UnitFile) throws(UnitParseError) {
        var text = text
        var failure: UnitParseError?
        text.withUTF8 { bytes in
            do throws(UnitParseError) {
                try parse(bytes, into: &file)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, into file: inout UnitFile) throws(UnitParseError) {
        if let nul = bytes.firstIndex(of: 0) {
            // systemd cannot represent a NUL anywhere in a unit file.
            let line = bytes[..<nul].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw UnitParseError(location: SourceLocation(path: path, line: line), message: "line contains a NUL byte")
        }
        var end = bytes.count
        if end > 0 && bytes[end - 1] == 0x0A { end -= 1 }
        var lines: [Range<Int>] = []
        lines.reserveCapacity(bytes.count / 16 + 1)
        var start = 0
        for index in 0..<end where bytes[index] == 0x0A {
            lines.append(start..<index)
            start = index + 1
        }
        lines.append(start..<end)

        var continued: [UInt8] = []
        var continuationStart = 0
        for (index, range) in lines.enumerated() {
            let number = index + 1
            if continued.isEmpty, let plain = Self.plainLine(bytes, range) {
                // Most lines: no continuation, comment or non-ASCII edge. Parsed in place.
                try parseLine(UnsafeBufferPointer(rebasing: bytes[plain]), at: SourceLocation(path: path, line: number), into: &file)
                continue
            }
            var line = Self.trim(Array(bytes[range]))
            if Self.isComment(line) {
                if !continued.isEmpty { continue }
                pendingComments.append(UnitLine(key: "", value: Self.string(line), isComment: true,
                                                location: SourceLocation(path: path, line: number)))
                continue
            }
            var endsFile = false
            if line.last == UInt8(ascii: "\\") {
                line.removeLast()
                if index != lines.count - 1 {
                    if continued.isEmpty { continuationStart = number }
                    continued += line
                    continue
                }
                endsFile = true
            }
            if !continued.isEmpty {
                line = Self.trim(continued + line)
                continued = []
            } else {
                continuationStart = number
            }
            if endsFile {
                // A continuation at the end of the file continues nothing. No
                // value may end in a backslash: written back, it would
                // swallow the line after it.
                while let last = line.last, last == UInt8(ascii: "\\") || Self.isSpace(last) { line.removeLast() }
                line = Self.trim(line)
            }
            let location = SourceLocation(path: path, line: continuationStart)
            if Self.isComment(line) {
                pendingComments.append(UnitLine(key: "", value: Self.string(line), isComment: true, location: location))
            } else {
                try line.withUnsafeBufferPointer { (line) throws(UnitParseError) in try parseLine(line, at: location, into: &file) }
            }
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

    /// `range` without its blanks, when the line is a plain key or group
    /// line: not empty, no comment, no continuation, ASCII at both ends.
    static func plainLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        let (start, end) = asciiTrimmed(bytes, range)
        guard start < end else { return nil }
        let first = bytes[start]
        let last = bytes[end - 1]
        guard first < 0x80, last < 0x80, first != UInt8(ascii: "#"), first != UInt8(ascii: ";"),
              last != UInt8(ascii: "\\") else { return nil }
        return start..<end
    }

    private mutating func parseLine(_ line: UnsafeBufferPointer<UInt8>, at location: SourceLocation, into file: inout UnitFile) throws(UnitParseError) {
        if let name = Self.groupName(line) {
            guard Self.isValidGroupName(name) else {
                throw UnitParseError(location: location, message: "invalid group name: \(Self.string(name))")
            }
            let isFirstGroup = file.groups.isEmpty
            currentGroup = file.ensureGroup(Self.string(name))
            if !isFirstGroup, let first = pendingComments.first, first.value.isEmpty {
                // One blank line between groups is added back when writing.
                pendingComments.removeFirst()
            }
            flushPendingComments(asGroupComments: true, into: &file)
        } else if let equals = line.firstIndex(of: UInt8(ascii: "=")), equals != 0 {
            var keyEnd = equals
            while keyEnd > 0 && Self.isSpace(line[keyEnd - 1]) { keyEnd -= 1 }
            let key = line[..<keyEnd]
            guard let group = currentGroup else {
                throw UnitParseError(location: location, message: "key \"\(Self.string(key))\" appears before any [Group] header")
            }
            guard !key.isEmpty, key.first != UInt8(ascii: " ") else {
                throw UnitParseError(location: location, message: "invalid key name: \(Self.string(key))")
            }
            var valueStart = equals + 1
            while valueStart < line.count && Self.isSpace(line[valueStart]) { valueStart += 1 }
            flushPendingComments(asGroupComments: false, into: &file)
            file.groups[group].lines.append(UnitLine(key: Self.string(key), value: Self.string(line[valueStart...]),
                                                     isComment: false, location: location))
        } else {
            throw UnitParseError(location: location, message: "line is not a key-value pair, group, or comment: \"\(Self.string(line))\"")
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

    static func string<C: Collection<UInt8>>(_ bytes: C) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    static func isComment(_ line: [UInt8]) -> Bool {
        guard let first = line.first else { return true }
        return first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
    }

    /// The name inside `[...]` when the line is a group header: up to the
    /// first `]`, followed only by blanks.
    static func groupName(_ line: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>>? {
        guard line.first == UInt8(ascii: "["), let end = line.firstIndex(of: UInt8(ascii: "]")) else { return nil }
        guard line[(end + 1)...].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { return nil }
        return line[1..<end]
    }

    static func isValidGroupName(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !name.isEmpty else { return false }
        if name.allSatisfy({ $0 < 0x80 }) {
            return !name.contains { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 < 0x20 || $0 == 0x7F }
        }
        return !string(name).unicodeScalars.contains {
            $0 == "[" || $0 == "]" || $0.properties.generalCategory == .control
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `range` without the ASCII blanks at its ends.
    static func asciiTrimmed<C: RandomAccessCollection<UInt8>>(_ bytes: C, _ range: Range<Int>) -> (Int, Int) where C.Index == Int {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return (start, end)
    }

    /// Trims whitespace at both ends: ASCII on bytes, other Unicode
    /// whitespace (NBSP, ...) by scalar when a line ends in it.
    static func trim(_ line: [UInt8]) -> [UInt8] {
        let (start, end) = asciiTrimmed(line, 0..<line.count)
        guard start < end else { return [] }
        if line[start] >= 0x80 || line[end - 1] >= 0x80 {
            // By scalar, as Go's TrimSpace does: a combining mark after a
            // space is kept, not trimmed with it as one Character.
            var scalars = Substring(string(line[start..<end])).unicodeScalars
            while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
            while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
            return Array(Substring(scalars).utf8)
        }
        return start == 0 && end == line.count ? line : Array(line[start..<end])
    }
}
