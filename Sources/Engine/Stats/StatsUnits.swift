import Foundation

/// How Podman prints sizes, percentages and durations in `stats` and
/// `system df` (docker/go-units and Go's `time.Duration`).
package enum StatsUnits {
    /// go-units `HumanSize`: decimal units, four significant digits (`2.097MB`, `0B`).
    package static func humanSize(_ bytes: Double) -> String {
        scaled(bytes, base: 1000, units: ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"])
    }

    /// go-units `BytesSize`: binary units (`2MiB`).
    package static func bytesSize(_ bytes: Double) -> String {
        scaled(bytes, base: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"])
    }

    private static func scaled(_ value: Double, base: Double, units: [String]) -> String {
        var size = value, i = 0
        while size >= base && i < units.count - 1 { size /= base; i += 1 }
        return goG4(size) + units[i]
    }

    /// Go's `%.4g` (no exponent for the magnitudes sizes reach).
    static func goG4(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    /// `12.34%`; `--` for zero, as Podman 4.3 prints an unknown value.
    package static func percent(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return "--" }
        return String(format: "%.2f", value) + "%"
    }

    /// `a / b` in human sizes; `-- / --` when both are zero.
    package static func pair(_ a: UInt64, _ b: UInt64, binary: Bool = false) -> String {
        if a == 0 && b == 0 { return "-- / --" }
        let f = binary ? bytesSize : humanSize
        return f(Double(a)) + " / " + f(Double(b))
    }

    /// Go's `time.Duration.String()`: `0s`, `850ns`, `1.5µs`, `11.839ms`, `2m3.5s`, `1h0m0s`.
    package static func goDuration(nanoseconds: UInt64) -> String {
        let d = nanoseconds
        if d == 0 { return "0s" }
        if d < 1_000 { return "\(d)ns" }
        if d < 1_000_000 { return fraction(d, unit: 1_000, digits: 3) + "µs" }
        if d < 1_000_000_000 { return fraction(d, unit: 1_000_000, digits: 6) + "ms" }
        let seconds = fraction(d % 60_000_000_000, unit: 1_000_000_000, digits: 9) + "s"
        let minutesTotal = d / 60_000_000_000
        if minutesTotal == 0 { return seconds }
        let hours = minutesTotal / 60
        return (hours > 0 ? "\(hours)h" : "") + "\(minutesTotal % 60)m" + seconds
    }

    /// `value / unit` with up to `digits` decimals, trailing zeros dropped.
    private static func fraction(_ value: UInt64, unit: UInt64, digits: Int) -> String {
        let whole = value / unit, rest = value % unit
        guard rest > 0 else { return String(whole) }
        var decimals = String(rest)
        decimals = String(repeating: "0", count: digits - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(whole).\(decimals)"
    }
}
