/// Byte-wise string helpers. Embedded Swift links no Unicode tables, so the
/// monitor never compares, searches or splits Strings by Character; every
/// protocol it speaks is ASCII.
extension String {
    func equals(_ other: StaticString) -> Bool {
        let count = other.utf8CodeUnitCount
        guard utf8.count == count else { return false }
        var i = 0
        for c in utf8 {
            if c != other.utf8Start[i] { return false }
            i += 1
        }
        return true
    }

    func equals(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }

    func startsWith(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard utf8.count >= count else { return false }
        var i = 0
        for c in utf8 {
            if i == count { break }
            if c != prefix.utf8Start[i] { return false }
            i += 1
        }
        return true
    }

    /// The text after the first `n` bytes.
    func droppingBytes(_ n: Int) -> String {
        String(decoding: Array(utf8.dropFirst(n)), as: UTF8.self)
    }

    /// Pieces between `separator` bytes (empty pieces kept when asked).
    func splitBytes(_ separator: UInt8, maxSplits: Int = Int.max, keepEmpty: Bool = false) -> [String] {
        Array(utf8).split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: !keepEmpty)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Lets `switch` match a String against ASCII literals byte by byte.
struct ASCII {
    let text: String
    init(_ text: String) { self.text = text }
}

func ~= (pattern: StaticString, value: ASCII) -> Bool {
    value.text.equals(pattern)
}
