/// Sizes like `64m`, `1g`, `512k`, `100` (bytes), parsed as Podman's
/// go-units does (`RAMInBytes`: binary units; `FromHumanSize`: decimal),
/// without trapping: a value past `Int64.max` is an invalid size.
package enum ByteSize {
    /// `RAMInBytes`: `k` is 1024.
    package static func parse(_ text: String) throws -> Int64 {
        try parse(text, unit: 1024)
    }

    /// `FromHumanSize` (`--log-opt max-size`): `k` is 1000.
    package static func parseDecimal(_ text: String) throws -> Int64 {
        try parse(text, unit: 1000)
    }

    /// `--memory`: 0 is no limit, anything else at least 6 MiB (Podman's floor).
    package static func memoryLimit(_ text: String) throws -> Int64? {
        let bytes: Int64
        do { bytes = try parse(text) } catch let error as EngineError { throw EngineError.invalid("invalid value for memory: \(error.message)") }
        if bytes == 0 { return nil }
        guard bytes >= 6 * 1024 * 1024 else { throw EngineError.invalid("minimum memory limit allowed is 6MB") }
        return bytes
    }

    /// `--shm-size`: a positive size.
    package static func shmSize(_ text: String) throws -> Int64 {
        let bytes: Int64
        do { bytes = try parse(text) } catch let error as EngineError { throw EngineError.invalid("unable to translate --shm-size: \(error.message)") }
        guard bytes > 0 else { throw EngineError.invalid("unable to translate --shm-size: invalid size: '\(text)'") }
        return bytes
    }

    /// NUMBER[ ][k|m|g|t|p][i][b]: the number is decimal digits with an
    /// optional fraction and exponent (no sign, hex, `inf` or `nan`).
    private static func parse(_ text: String, unit: Int64) throws -> Int64 {
        let invalid = EngineError.invalid("invalid size: '\(text)'")
        let bytes = Array(text.utf8)
        var end = 0
        while end < bytes.count, isNumberByte(bytes[end], previous: end > 0 ? bytes[end - 1] : nil) { end += 1 }
        let number = bytes[0..<end]
        guard number.contains(where: { $0 >= 48 && $0 <= 57 }) else { throw invalid }
        var rest = bytes[end...]
        if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
        let suffix = String(decoding: rest, as: UTF8.self).lowercased()
        let exponent: Int
        switch suffix.first {
        case nil, "b": exponent = 0
        case "k": exponent = 1
        case "m": exponent = 2
        case "g": exponent = 3
        case "t": exponent = 4
        case "p": exponent = 5
        default: throw EngineError.invalid("invalid suffix: '\(suffix)'")
        }
        let tail = suffix.dropFirst()
        guard suffix.count <= 3, exponent == 0 ? tail.isEmpty : (tail.isEmpty || tail == "b" || tail == "ib") else {
            throw EngineError.invalid("invalid suffix: '\(suffix)'")
        }
        var multiplier: Int64 = 1
        for _ in 0..<exponent { multiplier *= unit }
        let numberText = String(decoding: number, as: UTF8.self)
        // Whole numbers exactly; fractions and exponents through Double, range-checked.
        if number.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            guard let whole = Int64(numberText) else { throw invalid }
            let (product, overflow) = whole.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { throw invalid }
            return product
        }
        guard let value = Double(numberText), value.isFinite else { throw invalid }
        let product = value * Double(multiplier)
        guard product >= 0, product < 9_223_372_036_854_775_808.0 else { throw invalid }
        return Int64(product)
    }

    /// Digits, `.`, and an exponent marker (`e`, then an optional sign).
    private static func isNumberByte(_ byte: UInt8, previous: UInt8?) -> Bool {
        switch byte {
        case 48...57, UInt8(ascii: "."): return true
        case UInt8(ascii: "e"), UInt8(ascii: "E"): return previous.map { $0 >= 48 && $0 <= 57 || $0 == UInt8(ascii: ".") } ?? false
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")
        default: return false
        }
    }
}
