/// Splitting and searching on one ASCII byte. Unit files are split on bytes
/// (as systemd and Quadlet do); Character-level splitting would also pay
/// for grapheme breaking on every character.
extension String {
    /// The pieces between occurrences of `separator`, after at most `maxSplits` splits.
    public func split(byte separator: UInt8, maxSplits: Int = .max, omittingEmpty: Bool = false) -> [String] {
        var pieces: [String] = []
        var splits = 0
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == separator && splits < maxSplits {
                if !(omittingEmpty && start == index) {
                    pieces.append(String(self[start..<index]))
                    splits += 1
                }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if !(omittingEmpty && start == utf8.endIndex) {
            pieces.append(String(self[start...]))
        }
        return pieces
    }

    /// The index of the first `byte`, an ASCII character.
    public func firstIndex(ofByte byte: UInt8) -> Index? {
        if let found = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: byte) }) {
            return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
        }
        return utf8.firstIndex(of: byte)
    }

    /// The index of the last `byte`, an ASCII character.
    public func lastIndex(ofByte byte: UInt8) -> Index? {
        if let found = utf8.withContiguousStorageIfAvailable({ $0.lastIndex(of: byte) }) {
            return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
        }
        return utf8.lastIndex(of: byte)
    }
}
