/// C-style escapes as systemd reads and writes them in unit files.
public enum CEscape {
    /// Decodes the escape whose letter is at `s[i]` (just after the
    /// backslash), in UTF-8 bytes. Returns how many bytes it used and the
    /// character, or nil for an unknown or invalid escape (NUL is never allowed).
    static func unescapeOne(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Unicode.Scalar)? {
        guard i < s.count else { return nil }
        switch s[i] {
        case UInt8(ascii: "a"): return (1, "\u{07}")
        case UInt8(ascii: "b"): return (1, "\u{08}")
        case UInt8(ascii: "f"): return (1, "\u{0C}")
        case UInt8(ascii: "n"): return (1, "\n")
        case UInt8(ascii: "r"): return (1, "\r")
        case UInt8(ascii: "t"): return (1, "\t")
        case UInt8(ascii: "v"): return (1, "\u{0B}")
        case UInt8(ascii: "\\"): return (1, "\\")
        case UInt8(ascii: "\""): return (1, "\"")
        case UInt8(ascii: "'"): return (1, "'")
        case UInt8(ascii: "s"): return (1, " ")
        case UInt8(ascii: "x"): return hex(s, from: i + 1, digits: 2).map { (3, $0) }
        case UInt8(ascii: "u"): return hex(s, from: i + 1, digits: 4).map { (5, $0) }
        case UInt8(ascii: "U"): return hex(s, from: i + 1, digits: 8).map { (9, $0) }
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard i + 2 < s.count else { return nil }
            var value: UInt32 = 0
            for k in i...(i + 2) {
                guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(s[k]) else { return nil }
                value = value << 3 | UInt32(s[k] - UInt8(ascii: "0"))
            }
            guard value != 0, value <= 255, let scalar = Unicode.Scalar(value) else { return nil }
            return (3, scalar)
        default:
            return nil
        }
    }

    private static func hex(_ s: UnsafeBufferPointer<UInt8>, from start: Int, digits: Int) -> Unicode.Scalar? {
        guard start + digits <= s.count else { return nil }
        var value: UInt32 = 0
        for k in start..<(start + digits) {
            let digit: UInt32
            switch s[k] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(s[k]) - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(s[k]) - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(s[k]) - 55
            default: return nil
            }
            value = value << 4 | digit
        }
        guard value != 0 else { return nil }
        return Unicode.Scalar(value)
    }

    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        guard c.value < 128 else { return false }
        return c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
            || c.value < 0x20 || c.value == 0x7F || c == "\"" || c == "'" || c == "\\"
    }

    /// True when `word` must be quoted to survive systemd's word splitting.
    public static func wordNeedsEscape(_ word: String) -> Bool {
        var word = word
        return word.withUTF8(needsEscape)
    }

    /// Only ASCII ever needs escaping, and in UTF-8 every byte of a
    /// non-ASCII character is >= 0x80: bytes are enough.
    static func needsEscape(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.contains { $0 < 0x80 && needsEscape(Unicode.Scalar($0)) }
    }

    /// `word` in double quotes with every special character escaped.
    public static func quote(_ word: String) -> String {
        var out: [UInt8] = []
        appendQuoted(word, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendQuoted(_ word: String, to out: inout [UInt8]) {
        var word = word
        word.withUTF8 { appendQuoted($0, to: &out) }
    }

    static func appendQuoted(_ word: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in word {
            guard byte < 0x80, needsEscape(Unicode.Scalar(byte)) else {
                out.append(byte)
                continue
            }
            let letter: UInt8
            switch byte {
            case 0x07: letter = UInt8(ascii: "a")
            case 0x08: letter = UInt8(ascii: "b")
            case 0x0A: letter = UInt8(ascii: "n")
            case 0x0D: letter = UInt8(ascii: "r")
            case 0x09: letter = UInt8(ascii: "t")
            case 0x0B: letter = UInt8(ascii: "v")
            case 0x0C: letter = UInt8(ascii: "f")
            case 0x5C, 0x22: letter = byte
            case 0x27:
                out.append(0x27)
                continue
            default:
                // Space and the remaining control characters as \xHH.
                out.append(0x5C)
                out.append(UInt8(ascii: "x"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
                continue
            }
            out.append(0x5C)
            out.append(letter)
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Joins words into a command line systemd splits back into the same words.
    public static func escapeWords(_ words: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(words.reduce(0) { $0 + $1.utf8.count + 3 })
        for (index, var word) in words.enumerated() {
            if index != 0 { out.append(0x20) }
            word.withUTF8 { bytes in
                if needsEscape(bytes) {
                    appendQuoted(bytes, to: &out)
                } else {
                    out.append(contentsOf: bytes)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
