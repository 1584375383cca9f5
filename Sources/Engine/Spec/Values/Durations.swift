/// Durations as Go's `time.ParseDuration` reads them (`30s`, `1m30s`,
/// `500ms`, `-1.5h`), plus a plain number of seconds. The result is in
/// seconds, finite, and within Go's range (±2^63 ns), so callers can turn it
/// into whole units without trapping.
package enum Durations {
    /// Go's limit: a duration is an int64 of nanoseconds.
    package static let maximumSeconds = 9_223_372_036.854775807

    package static func parse(_ text: String) throws -> Double {
        let invalid = EngineError.invalid("time: invalid duration \(quoted(text))")
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") }) {
            guard let seconds = Double(text), seconds <= maximumSeconds else { throw invalid }
            return seconds
        }
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        if bytes.count - i == 1 && bytes[i] == UInt8(ascii: "0") { return 0 }
        guard i < bytes.count else { throw invalid }
        var total = 0.0
        while i < bytes.count {
            let start = i
            while i < bytes.count, isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") { i += 1 }
            let number = bytes[start..<i]
            guard number.contains(where: isDigit), number.filter({ $0 == UInt8(ascii: ".") }).count <= 1,
                  let value = Double(String(decoding: number, as: UTF8.self)) else { throw invalid }
            let unitStart = i
            while i < bytes.count, !isDigit(bytes[i]), bytes[i] != UInt8(ascii: ".") { i += 1 }
            let unit = String(decoding: bytes[unitStart..<i], as: UTF8.self)
            guard !unit.isEmpty else { throw EngineError.invalid("time: missing unit in duration \(quoted(text))") }
            guard let scale = unitSeconds[unit] else {
                throw EngineError.invalid("time: unknown unit \(quoted(unit)) in duration \(quoted(text))")
            }
            total += value * scale
            guard total <= maximumSeconds else { throw invalid }
        }
        return negative ? -total : total
    }

    private static let unitSeconds: [String: Double] = [
        "ns": 1e-9, "us": 1e-6, "\u{B5}s": 1e-6, "\u{3BC}s": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600,
    ]

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Go's `%q` for the text in messages.
    private static func quoted(_ text: String) -> String { text.debugDescription }
}
