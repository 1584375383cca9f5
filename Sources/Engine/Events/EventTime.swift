#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Times as Podman's events print them (written and parsed as `Timestamp`
/// does; `--since`/`--until` as `LogTimeBound` reads them).
package enum EventTime {
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
}
