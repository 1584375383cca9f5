#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed and printed the
/// way `inet_pton`/`inet_ntop` do.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var bytes: [UInt8]

    public var isIPv4: Bool { bytes.count == 4 }

    public init?(_ text: String) {
        var v4 = in_addr()
        if !text.contains(":"), inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard text.contains(":"), inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        bytes = withUnsafeBytes(of: &v6) { Array($0) }
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(cString: buffer)
    }

    /// The address `n` further on (wrapping within its width).
    public func advanced(by n: UInt64) -> IPAddress {
        var out = bytes
        var carry = n
        var i = out.count - 1
        while carry > 0 && i >= 0 {
            let sum = UInt64(out[i]) + (carry & 0xff)
            out[i] = UInt8(sum & 0xff)
            carry = (carry >> 8) + (sum >> 8)
            i -= 1
        }
        return IPAddress(bytes: out)
    }

    /// The address just before this one.
    public var previous: IPAddress {
        var out = bytes
        var i = out.count - 1
        while i >= 0 {
            if out[i] > 0 { out[i] -= 1; break }
            out[i] = 0xff
            i -= 1
        }
        return IPAddress(bytes: out)
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        a.bytes.count != b.bytes.count ? a.bytes.count < b.bytes.count : a.bytes.lexicographicallyPrecedes(b.bytes)
    }
}
