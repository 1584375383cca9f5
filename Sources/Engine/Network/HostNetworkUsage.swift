#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Subnets and interface names already taken on this host: routes,
/// interface addresses, and Podman's networks (its configured ones and its
/// default `podman` network, 10.88.0.0/16 on `podman0`), so Berth's
/// networks never clash with either.
struct HostNetworkUsage {
    var subnets: [IPSubnet] = []
    var interfaceNames: Set<String> = []

    static let podmanConfigDirectory = "/etc/containers/networks"
    static let podmanDefault = IPSubnet(network: IPAddress("10.88.0.0")!, prefixLength: 16)

    /// Reads the routing tables, the interfaces and Podman's configs.
    static func current() throws -> HostNetworkUsage {
        var usage = HostNetworkUsage()
        usage.subnets.append(podmanDefault)
        usage.interfaceNames.insert("podman0")
        try usage.readIPv4Routes()
        try usage.readIPv6Routes()
        usage.readInterfaces()
        try usage.readPodmanConfigs()
        return usage
    }

    /// /proc/net/route: destination and mask in host byte order hex; default routes skipped.
    private mutating func readIPv4Routes() throws {
        let text = String(decoding: try FileSystem.readFile("/proc/net/route"), as: UTF8.self)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count > 7, let dest = UInt32(f[1], radix: 16), let mask = UInt32(f[7], radix: 16), mask != 0 else { continue }
            let bytes = withUnsafeBytes(of: dest) { Array($0) }
            subnets.append(IPSubnet(network: IPAddress(bytes: bytes), prefixLength: mask.nonzeroBitCount))
        }
    }

    /// /proc/net/ipv6_route: 32 hex digits and a hex prefix length; link-local,
    /// multicast and default routes skipped.
    private mutating func readIPv6Routes() throws {
        guard FileSystem.exists("/proc/net/ipv6_route") else { return }
        let text = String(decoding: try FileSystem.readFile("/proc/net/ipv6_route"), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count > 2, f[0].count == 32, let length = Int(f[1], radix: 16), length > 0 else { continue }
            var bytes: [UInt8] = []
            var hex = Substring(f[0])
            while !hex.isEmpty { bytes.append(UInt8(hex.prefix(2), radix: 16) ?? 0); hex = hex.dropFirst(2) }
            if bytes[0] == 0xfe || bytes[0] == 0xff { continue }
            subnets.append(IPSubnet(network: IPAddress(bytes: bytes), prefixLength: length))
        }
    }

    private mutating func readInterfaces() {
        for name in FileSystem.list("/sys/class/net") { interfaceNames.insert(name) }
    }

    private mutating func readPodmanConfigs() throws {
        for file in FileSystem.list(Self.podmanConfigDirectory) where file.hasSuffix(".json") {
            let path = Self.podmanConfigDirectory + "/" + file
            let config: NetworkConfig
            do { config = try JSONDecoder().decode(NetworkConfig.self, from: try FileSystem.readFile(path)) } catch {
                throw EngineError(.corrupt, "cannot read Podman's network config \(path): \(error)")
            }
            subnets += config.parsedSubnets
            if let name = config.networkInterface { interfaceNames.insert(name) }
        }
    }
}
