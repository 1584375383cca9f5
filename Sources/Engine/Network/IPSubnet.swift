/// A CIDR subnet (`10.88.0.0/16`, `fd00::/64`), kept with its host bits
/// cleared.
public struct IPSubnet: Hashable, Sendable, CustomStringConvertible {
    public var network: IPAddress
    public var prefixLength: Int

    /// `ADDRESS/LEN`; with `strict`, host bits must be zero as netavark wants.
    public init?(_ text: String, strict: Bool = false) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let length = Int(parts[1]),
              length >= 0, length <= address.bytes.count * 8 else { return nil }
        let cleared = IPSubnet.masked(address, length)
        if strict && cleared != address { return nil }
        network = cleared
        prefixLength = length
    }

    public init(network: IPAddress, prefixLength: Int) {
        self.network = IPSubnet.masked(network, prefixLength)
        self.prefixLength = prefixLength
    }

    public var isIPv4: Bool { network.isIPv4 }
    public var description: String { "\(network)/\(prefixLength)" }

    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && IPSubnet.masked(address, prefixLength) == network
    }

    public func overlaps(_ other: IPSubnet) -> Bool {
        guard isIPv4 == other.isIPv4 else { return false }
        let shorter = min(prefixLength, other.prefixLength)
        return IPSubnet.masked(network, shorter) == IPSubnet.masked(other.network, shorter)
    }

    /// Addresses in the subnet (capped: only the low 64 bits count).
    public var size: UInt64 {
        let hostBits = network.bytes.count * 8 - prefixLength
        return hostBits >= 64 ? UInt64.max : (UInt64(1) << UInt64(hostBits))
    }

    /// The last address (the broadcast address in IPv4).
    public var last: IPAddress {
        var out = network.bytes
        for bit in prefixLength..<(out.count * 8) { out[bit / 8] |= UInt8(0x80) >> UInt8(bit % 8) }
        return IPAddress(bytes: out)
    }

    static func masked(_ address: IPAddress, _ length: Int) -> IPAddress {
        var out = address.bytes
        for i in out.indices {
            let bitsHere = max(0, min(8, length - i * 8))
            out[i] &= bitsHere == 8 ? 0xff : ~(UInt8(0xff) >> UInt8(bitsHere))
        }
        return IPAddress(bytes: out)
    }
}
