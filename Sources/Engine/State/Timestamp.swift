#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 times as Go prints them (`2024-05-01T12:00:00.123456789Z`),
/// without pulling in a locale-aware formatter.
public enum Timestamp {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func rfc3339(_ seconds: Double, fractional: Bool = true) -> String {
        var whole = time_t(seconds.rounded(.down))
        var nanos = Int(((seconds - Double(whole)) * 1e9).rounded())
        if nanos >= 1_000_000_000 { whole += 1; nanos -= 1_000_000_000 }
        var parts = tm()
        gmtime_r(&whole, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if fractional && nanos > 0 {
            var frac = String(nanos)
            frac = String(repeating: "0", count: 9 - frac.count) + frac
            while frac.hasSuffix("0") { frac.removeLast() }
            out += "." + frac
        }
        return out + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; nil if malformed.
    public static func parse(_ s: String) -> Double? {
        let u = Array(s.utf8)
        guard u.count >= 20 else { return nil }
        func num(_ r: Range<Int>) -> Int32? {
            var v: Int32 = 0
            for i in r { guard u[i] >= 48 && u[i] <= 57 else { return nil }; v = v * 10 + Int32(u[i] - 48) }
            return v
        }
        guard let year = num(0..<4), let month = num(5..<7), let day = num(8..<10),
              let hour = num(11..<13), let minute = num(14..<16), let second = num(17..<19) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var value = Double(timegm(&parts))
        var i = 19
        if i < u.count && u[i] == 46 {
            i += 1
            var scale = 0.1
            while i < u.count && u[i] >= 48 && u[i] <= 57 { value += Double(u[i] - 48) * scale; scale /= 10; i += 1 }
        }
        if i < u.count && (u[i] == 43 || u[i] == 45), i + 6 <= u.count, let oh = num((i + 1)..<(i + 3)), let om = num((i + 4)..<(i + 6)) {
            let offset = Double(oh * 3600 + om * 60)
            value += u[i] == 43 ? -offset : offset
        }
        return value
    }

    /// "3 hours ago", the way Podman's tables say it.
    public static func humanSince(_ seconds: Double, now: Double = Timestamp.now()) -> String {
        let d = max(0, now - seconds)
        let s = Int(d)
        let minutes = Int(d / 60)
        let hours = Int((d / 3600).rounded())
        let text: String
        if s < 1 { text = "Less than a second" }
        else if s == 1 { text = "1 second" }
        else if s < 60 { text = "\(s) seconds" }
        else if minutes == 1 { text = "About a minute" }
        else if minutes < 60 { text = "\(minutes) minutes" }
        else if hours == 1 { text = "About an hour" }
        else if hours < 48 { text = "\(hours) hours" }
        else if hours < 24 * 7 * 2 { text = "\(hours / 24) days" }
        else if hours < 24 * 30 * 2 { text = "\(hours / 24 / 7) weeks" }
        else if hours < 24 * 365 * 2 { text = "\(hours / 24 / 30) months" }
        else { text = "\(Int(d / 3600 / 24 / 365)) years" }
        return text + " ago"
    }

    /// "4.26 MB": decimal units, three significant digits.
    public static func humanSize(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        var text: String
        if value >= 100 || unit == 0 { text = String(Int(value.rounded())) }
        else if value >= 10 { text = String((value * 10).rounded() / 10) }
        else { text = String((value * 100).rounded() / 100) }
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + " " + units[unit]
    }
}
