import CShim

/// RFC 3339 local time with nanoseconds and a numeric offset,
/// `2026-11-29T03:16:46.123456789+00:00` (35 bytes), as k8s-file wants.
struct TimestampFormatter {
    static let length = 35
    private var cachedSecond: Int64 = -1
    private var prefix = [UInt8](repeating: 0, count: 20) // "YYYY-MM-DDTHH:MM:SS."
    private var suffix = [UInt8](repeating: 0, count: 6) // "+HH:MM"

    /// Writes the current time into `out` (35 bytes).
    mutating func write(into out: UnsafeMutablePointer<UInt8>) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let second = Int64(ts.tv_sec)
        if second != cachedSecond { refresh(second) }
        for i in 0..<20 { out[i] = prefix[i] }
        var nanos = Int(ts.tv_nsec)
        var i = 28
        while i >= 20 {
            out[i] = UInt8(48 + nanos % 10)
            nanos /= 10
            i -= 1
        }
        for i in 0..<6 { out[29 + i] = suffix[i] }
    }

    private mutating func refresh(_ second: Int64) {
        cachedSecond = second
        var f: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
        var offset = 0
        withUnsafeMutableBytes(of: &f) { cshim_local_time(second, $0.baseAddress!.assumingMemoryBound(to: Int32.self), &offset) }
        func put(_ value: Int32, _ at: Int, _ width: Int) {
            var v = Int(value)
            for k in stride(from: at + width - 1, through: at, by: -1) {
                prefix[k] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(f.0, 0, 4); prefix[4] = UInt8(ascii: "-")
        put(f.1, 5, 2); prefix[7] = UInt8(ascii: "-")
        put(f.2, 8, 2); prefix[10] = UInt8(ascii: "T")
        put(f.3, 11, 2); prefix[13] = UInt8(ascii: ":")
        put(f.4, 14, 2); prefix[16] = UInt8(ascii: ":")
        put(f.5, 17, 2); prefix[19] = UInt8(ascii: ".")
        suffix[0] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        let minutes = (offset < 0 ? -offset : offset) / 60
        suffix[1] = UInt8(48 + minutes / 600)
        suffix[2] = UInt8(48 + (minutes / 60) % 10)
        suffix[3] = UInt8(ascii: ":")
        suffix[4] = UInt8(48 + (minutes % 60) / 10)
        suffix[5] = UInt8(48 + minutes % 10)
    }
}
