/// Reading values, with the semantics of Quadlet's unit-file lookups.
extension UnitFile {
    /// Keys of a group in first-seen order, each once.
    public func keys(in groupName: String) -> [String] {
        guard let group = group(groupName) else { return [] }
        var keys: [String] = []
        // Groups hold a handful of keys: scanning them beats hashing, up to a point.
        guard group.lines.count > 32 else {
            for line in group.lines where !line.isComment && !keys.contains(where: { line.isKey($0) }) {
                keys.append(line.key)
            }
            return keys
        }
        var seen = Set<String>()
        for line in group.lines where !line.isComment && seen.insert(line.key).inserted {
            keys.append(line.key)
        }
        return keys
    }

    /// Where the last assignment of `key` stands, for error messages.
    public func location(of key: String, in groupName: String) -> SourceLocation? {
        guard let group = group(groupName), let index = group.lastLine(for: key) else { return nil }
        return group.lines[index].location
    }

    public func hasKey(_ key: String, in groupName: String) -> Bool {
        group(groupName)?.lastLine(for: key) != nil
    }

    /// The last value of `key`, raw (trailing blanks kept).
    public func lookupLast(_ key: String, in groupName: String) -> String? {
        guard let group = group(groupName), let index = group.lastLine(for: key) else { return nil }
        return group.lines[index].value
    }

    /// The last value of `key`, trailing blanks dropped and one pair of
    /// surrounding double quotes removed.
    public func lookup(_ key: String, in groupName: String) -> String? {
        guard let raw = lookupLast(key, in: groupName) else { return nil }
        var value = Substring(raw)
        while true {
            if let last = value.utf8.last, last == 0x20 || (0x09...0x0D).contains(last) {
                value = Substring(value.utf8.dropLast())
            } else if let last = value.utf8.last, last >= 0x80, let scalar = value.unicodeScalars.last, scalar.properties.isWhitespace {
                value = Substring(value.unicodeScalars.dropLast())
            } else {
                break
            }
        }
        let bytes = value.utf8
        if bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") {
            return String(Substring(bytes.dropFirst().dropLast()))
        }
        return value.endIndex == raw.endIndex ? raw : String(value)
    }

    /// The last value of `key` when it is set and not empty.
    public func lookupNonEmpty(_ key: String, in groupName: String) -> String? {
        guard let value = lookup(key, in: groupName), !value.isEmpty else { return nil }
        return value
    }

    /// `1`, `yes`, `true`, `on` (any case) are true; anything else false.
    public func lookupBoolean(_ key: String, in groupName: String) -> Bool? {
        guard let value = lookup(key, in: groupName) else { return nil }
        switch value.lowercased() {
        case "1", "yes", "true", "on": return true
        default: return false
        }
    }

    public func lookupBoolean(_ key: String, in groupName: String, default defaultValue: Bool) -> Bool {
        lookupBoolean(key, in: groupName) ?? defaultValue
    }

    /// An integer the way `strtol` reads one: optional sign, `0x` hex, leading-0 octal.
    public func lookupInt(_ key: String, in groupName: String) -> Int64? {
        guard let value = lookup(key, in: groupName) else { return nil }
        return Self.parseInteger(value)
    }

    public func lookupUInt32(_ key: String, in groupName: String, default defaultValue: UInt32) -> UInt32 {
        guard let value = lookupInt(key, in: groupName), value >= 0, value <= Int64(UInt32.max) else { return defaultValue }
        return UInt32(value)
    }

    static func parseInteger(_ text: String) -> Int64? {
        var digits = text[...]
        var negative = false
        if digits.hasPrefix("+") {
            digits = digits.dropFirst()
        } else if digits.hasPrefix("-") {
            digits = digits.dropFirst()
            negative = true
        }
        let value: Int64?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            value = Int64(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0") {
            value = Int64(digits, radix: 8)
        } else {
            value = Int64(digits, radix: 10)
        }
        return value.map { negative ? -$0 : $0 }
    }

    /// Every value of `key`; an empty assignment clears the ones before it.
    public func lookupAll(_ key: String, in groupName: String) -> [String] {
        guard let group = group(groupName) else { return [] }
        var values: [String] = []
        for line in group.lines where line.isKey(key) {
            if line.value.isEmpty {
                values.removeAll()
            } else {
                values.append(line.value)
            }
        }
        return values
    }

    /// Every value of `key`, each split into words list-style (quotes
    /// group, backslashes kept), all words in one array. A value that does
    /// not split contributes nothing.
    public func lookupAllStrv(_ key: String, in groupName: String) -> [String] {
        lookupAll(key, in: groupName).flatMap { (try? WordSplitter.list.split($0)) ?? [] }
    }

    /// Every value of `key`, each split exec-style (quotes, C escapes).
    /// A value that does not split contributes nothing.
    public func lookupAllArgs(_ key: String, in groupName: String) -> [String] {
        lookupAll(key, in: groupName).flatMap { (try? WordSplitter.exec.split($0)) ?? [] }
    }

    /// The last value of `key` split exec-style; nil when the key is absent.
    public func lookupLastArgs(_ key: String, in groupName: String) throws(WordSplitter.SplitError) -> [String]? {
        guard let value = lookupLast(key, in: groupName) else { return nil }
        return try WordSplitter.exec.split(value)
    }

    /// `Environment=`-style assignments: every value split exec-style into
    /// `NAME=VALUE` words. Later assignments of a name replace earlier ones;
    /// a word without `=` is a name with no value. Values that cannot be split
    /// are reported in `problems` and skipped.
    public func lookupAllKeyValues(_ key: String, in groupName: String) -> (values: [KeyValue], problems: [String]) {
        var result: [KeyValue] = []
        var problems: [String] = []
        for raw in lookupAll(key, in: groupName) {
            let words: [String]
            do {
                words = try WordSplitter.exec.split(raw)
            } catch {
                problems.append("\(key)=\(raw): \(error)")
                continue
            }
            for word in words {
                let pair: KeyValue
                if let equals = word.firstIndex(ofByte: UInt8(ascii: "=")) {
                    pair = KeyValue(name: String(word[..<equals]), value: String(word[word.utf8.index(after: equals)...]))
                } else {
                    pair = KeyValue(name: word, value: nil)
                }
                // A handful of names per key: a scan beats hashing them.
                if let existing = result.firstIndex(where: { $0.name == pair.name }) {
                    result[existing] = pair
                } else {
                    result.append(pair)
                }
            }
        }
        return (result, problems)
    }
}

/// One `NAME=VALUE` assignment; `value` is nil for a bare `NAME`.
public struct KeyValue: Sendable, Equatable {
    public var name: String
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}
