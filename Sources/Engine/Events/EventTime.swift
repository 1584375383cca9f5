#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Times as Podman's events write, print and accept them.
package enum EventTime {
    /// Go's RFC3339Nano in UTC: `2026-12-03T14:20:01.123456789Z` (trailing zeros dropped).
    package static func rfc3339Nano(_ seconds: Double) -> String {
        let (whole, nanos) = split(seconds)
        var t = time_t(whole), parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec) + fraction(nanos) + "Z"
    }

    /// Go's `time.Time.String()` in local time: `2026-12-03 14:20:01.123456789 +0000 UTC`.
    package static func goString(_ seconds: Double) -> String {
        let (whole, nanos) = split(seconds)
        var t = time_t(whole), parts = tm()
        localtime_r(&t, &parts)
        let offset = parts.tm_gmtoff
        let sign = offset < 0 ? "-" : "+"
        let zone = parts.tm_zone.map { String(cString: $0) } ?? ""
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec) + fraction(nanos)
            + " " + sign + String(format: "%02d%02d ", abs(offset) / 3600, abs(offset) % 3600 / 60) + zone
    }

    private static func split(_ seconds: Double) -> (Int, Int) {
        var whole = Int(seconds.rounded(.down))
        var nanos = Int(((seconds - Double(whole)) * 1e9).rounded())
        if nanos >= 1_000_000_000 { whole += 1; nanos -= 1_000_000_000 }
        return (whole, nanos)
    }

    private static func fraction(_ nanos: Int) -> String {
        guard nanos > 0 else { return "" }
        var digits = String(format: "%09d", nanos)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    /// `2026-12-03T14:20:01.5Z`, `...+01:00`, without fraction or zone (UTC).
    package static func parseRFC3339(_ text: String) -> Double? {
        var body = Substring(text)
        var offset = 0
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if body.count > 6, let sign = body[body.index(body.endIndex, offsetBy: -6)...].first, sign == "+" || sign == "-",
                  body[body.index(body.endIndex, offsetBy: -3)] == ":" {
            let zone = body.suffix(5)
            guard let h = Int(zone.prefix(2)), let m = Int(zone.suffix(2)) else { return nil }
            offset = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
            body = body.dropLast(6)
        }
        var fraction = 0.0
        if let dot = body.firstIndex(of: ".") {
            guard let f = Double("0" + body[dot...]) else { return nil }
            fraction = f
            body = body[..<dot]
        }
        let parts = body.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard parts.count == 6, parts.allSatisfy({ $0 != nil }) else { return nil }
        var t = tm()
        t.tm_year = Int32(parts[0]! - 1900); t.tm_mon = Int32(parts[1]! - 1); t.tm_mday = Int32(parts[2]!)
        t.tm_hour = Int32(parts[3]!); t.tm_min = Int32(parts[4]!); t.tm_sec = Int32(parts[5]!)
        return Double(timegm(&t) - offset) + fraction
    }

    /// `--since`/`--until`: a Unix time (`1733234400.5`), an RFC 3339 time,
    /// a date (`2026-12-03`), or a Go duration before now (`10m`, `1h30m`, `90s`).
    package static func parseInput(_ text: String, now: Double = Timestamp.now()) throws -> Double {
        if let unix = Double(text) { return unix }
        if let t = parseRFC3339(text) { return t }
        if text.count == 10, let t = parseRFC3339(text + "T00:00:00Z") { return t }
        if let d = goDuration(text) { return now - d }
        throw EngineError.invalid("unable to convert input time \(text.debugDescription): not a timestamp, date or duration")
    }

    /// Go's `time.ParseDuration` for h, m, s, ms, us, ns.
    static func goDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("ns", 1e-9), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text), total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += value * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        return total
    }
}
