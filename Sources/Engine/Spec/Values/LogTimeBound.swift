/// A `logs`/`events` `--since`/`--until` bound: RFC 3339 (a time without
/// a zone, or a date alone, in UTC), Unix seconds, or a duration back from
/// now. The result is seconds since the epoch, between 0 and Go's last
/// representable time, so it converts to microseconds without trapping.
package enum LogTimeBound {
    package static func parse(_ text: String, now: Double) throws -> Double {
        let bytes = Array(text.utf8)
        let time: Double
        // Unix seconds first: ten digits would otherwise pass for a date
        // with "T00:00:00Z" appended (the parser reads digits by position).
        if !bytes.isEmpty, bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }), let seconds = Double(text) {
            time = seconds
        } else if let t = Timestamp.parse(text) ?? Timestamp.parse(text + (bytes.count == 10 ? "T00:00:00Z" : "Z")) {
            time = t
        } else if let ago = try? Durations.parse(text) {
            time = now - ago
        } else {
            throw EngineError.invalid("invalid time \(text.debugDescription): use RFC 3339, Unix seconds or a duration such as 10m")
        }
        guard time.isFinite, time <= Durations.maximumSeconds else {
            throw EngineError.invalid("invalid time \(text.debugDescription): out of range")
        }
        return max(0, time)
    }
}
