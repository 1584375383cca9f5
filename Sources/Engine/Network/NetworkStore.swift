#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The store's networks: one netavark-format JSON file per network under
/// `<store root>/networks/` (Berth's own directory, so Podman's configs in
/// /etc/containers/networks are never touched). Creating, removing and
/// allocating addresses hold the store's `networks` lock.
///
/// The default network keeps Podman's name, `podman`, but not its bridge or
/// subnet: it is `berth0` on 10.87.0.0/16, and Berth's own networks come
/// from 10.80.0.0/13, below Podman's pools (10.88.0.0/16 and 10.89.0.0
/// upward), so both engines' networks work side by side on one host.
public struct NetworkStore {
    public let store: Store

    public static let defaultName = "podman"
    static let defaultSubnet = IPSubnet(network: IPAddress("10.87.0.0")!, prefixLength: 16)
    static let pool = IPSubnet(network: IPAddress("10.80.0.0")!, prefixLength: 13)
    static let interfacePrefix = "berth"

    public init(store: Store) { self.store = store }

    var directory: String { store.root + "/networks" }
    func path(_ name: String) -> String { directory + "/" + name + ".json" }

    func lock() throws -> FileLock {
        let lock = try store.objectLock("networks")
        try lock.lock(exclusive: true)
        return lock
    }

    // MARK: reading

    /// Every network by name, as Podman lists them (the default one created here on first use).
    public func list() throws -> [NetworkConfig] {
        var configs = try FileSystem.list(directory).filter { $0.hasSuffix(".json") }.map { try read(path: directory + "/" + $0) }
        if !configs.contains(where: { $0.name == Self.defaultName }) { configs.append(try defaultNetwork()) }
        return configs.sorted { $0.name < $1.name }
    }

    /// A network by name, full ID or unique ID prefix; `bridge` is the default one.
    public func load(_ nameOrID: String) throws -> NetworkConfig {
        let name = nameOrID == "bridge" ? Self.defaultName : nameOrID
        if name == Self.defaultName { return try defaultNetwork() }
        if NetworkStore.isValidName(name), FileSystem.exists(path(name)) { return try read(path: path(name)) }
        let matches = try list().filter { !nameOrID.isEmpty && $0.id.hasPrefix(nameOrID) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 { throw EngineError.invalid("more than one network matches ID \(nameOrID): ambiguous network ID") }
        throw EngineError.notFound("unable to find network with name or ID \(nameOrID): network not found")
    }

    public func exists(_ nameOrID: String) throws -> Bool {
        do { _ = try load(nameOrID); return true } catch let e as EngineError where e.kind == .notFound { return false }
    }

    private func read(path: String) throws -> NetworkConfig {
        do { return try JSONDecoder().decode(NetworkConfig.self, from: try FileSystem.readFile(path)) } catch let e as EngineError {
            throw e
        } catch {
            throw EngineError(.corrupt, "cannot read network config \(path): \(error)")
        }
    }

    private func write(_ config: NetworkConfig) throws {
        try FileSystem.makeDirectories(directory)
        try FileSystem.writeFileAtomically(path(config.name), try JSONCoding.encoder(pretty: true).encode(config))
    }

    /// The default network, written on first use (10.87.0.0/16 on `berth0`
    /// unless the host uses them; then the next free ones).
    func defaultNetwork() throws -> NetworkConfig {
        if FileSystem.exists(path(Self.defaultName)) { return try read(path: path(Self.defaultName)) }
        let lock = try lock()
        defer { lock.unlock() }
        if FileSystem.exists(path(Self.defaultName)) { return try read(path: path(Self.defaultName)) }
        let usage = try HostNetworkUsage.current()
        let taken = try takenSubnets(usage)
        let subnet = taken.contains(where: { $0.overlaps(Self.defaultSubnet) })
            ? try freeSubnet(prefixLength: 16, taken: taken) : Self.defaultSubnet
        let config = NetworkConfig(
            name: Self.defaultName, id: FileSystem.randomHex(32), driver: "bridge",
            networkInterface: try freeInterfaceName(usage), created: Timestamp.rfc3339(Timestamp.now()),
            subnets: [.init(subnet: subnet.description, gateway: subnet.network.advanced(by: 1).description)],
            ipv6Enabled: false, isInternal: false, dnsEnabled: false, ipamOptions: ["driver": "host-local"])
        try write(config)
        store.events.network("create", id: config.id, name: config.name)
        return config
    }

    // MARK: create

    /// Validates and writes a new network. Nothing is written when any
    /// part is invalid.
    @discardableResult
    public func create(_ request: NetworkCreateRequest) throws -> NetworkConfig {
        let lock = try lock()
        defer { lock.unlock() }
        let existing = try FileSystem.list(directory).filter { $0.hasSuffix(".json") }.map { try read(path: directory + "/" + $0) }
        let usage = try HostNetworkUsage.current()
        let name = try request.name ?? freeNetworkName(existing)
        guard NetworkStore.isValidName(name) else {
            throw EngineError.invalid("network name \(name) invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument")
        }
        if let found = try existing.first(where: { $0.name == name }) ?? (name == Self.defaultName ? defaultNetworkLocked() : nil) {
            if request.ignoreExisting { return found }
            throw EngineError(.conflict, "network name \(name) already used: network already exists")
        }
        let options = try NetworkOptionsCheck.validate(request.options, driver: request.driver)
        if let ipam = request.ipamDriver, ipam != "host-local" {
            throw EngineError.invalid("unsupported ipam driver \(ipam): Berth assigns addresses itself (host-local)")
        }
        var taken = try takenSubnets(usage)
        var subnets: [NetworkConfig.Subnet] = []
        if request.subnets.isEmpty && (!request.gateways.isEmpty || !request.ipRanges.isEmpty) {
            throw EngineError.invalid("cannot set gateway or range without subnet")
        }
        if request.gateways.count > request.subnets.count { throw EngineError.invalid("cannot set more gateways than subnets") }
        if request.ipRanges.count > request.subnets.count { throw EngineError.invalid("cannot set more ranges than subnets") }
        for (i, text) in request.subnets.enumerated() {
            guard let subnet = IPSubnet(text) else { throw EngineError.invalid("invalid subnet \(text): invalid CIDR address: \(text)") }
            if subnet.size < 4 { throw EngineError.invalid("subnet \(subnet) is too small: it needs room for a gateway and a container") }
            if let clash = taken.first(where: { $0.overlaps(subnet) }) {
                throw EngineError(.conflict, "subnet \(subnet) is already used on the host or by another config (\(clash))")
            }
            taken.append(subnet)
            var entry = NetworkConfig.Subnet(subnet: subnet.description)
            if i < request.gateways.count, !request.gateways[i].isEmpty {
                guard let gateway = IPAddress(request.gateways[i]) else { throw EngineError.invalid("invalid gateway \(request.gateways[i])") }
                guard subnet.contains(gateway), gateway != subnet.network, !(subnet.isIPv4 && gateway == subnet.last) else {
                    throw EngineError.invalid("gateway \(gateway) not in subnet \(subnet)")
                }
                entry.gateway = gateway.description
            } else if !request.isInternal || request.driver == .bridge {
                entry.gateway = subnet.network.advanced(by: 1).description
            }
            if i < request.ipRanges.count, !request.ipRanges[i].isEmpty {
                guard let range = IPSubnet(request.ipRanges[i]) else {
                    throw EngineError.invalid("invalid ip range \(request.ipRanges[i]): invalid CIDR address: \(request.ipRanges[i])")
                }
                // Podman's lease range: the range's first address after its network address, to its last.
                let start = range.network.advanced(by: 1)
                guard subnet.contains(start), range.prefixLength >= subnet.prefixLength else {
                    throw EngineError.invalid("lease range start ip \(start) not in subnet \(subnet)")
                }
                entry.leaseRange = .init(startIP: start.description, endIP: range.last.description)
            }
            subnets.append(entry)
        }
        if subnets.isEmpty && request.driver != .bridge {
            throw EngineError.invalid("\(request.driver.rawValue) driver needs at least one subnet specified, DHCP is not yet supported with netavark")
        }
        if subnets.isEmpty {
            let subnet = try freeSubnet(prefixLength: 24, taken: taken)
            taken.append(subnet)
            subnets.append(.init(subnet: subnet.description, gateway: subnet.network.advanced(by: 1).description))
        }
        let hasIPv6 = subnets.contains { IPSubnet($0.subnet)?.isIPv4 == false }
        if request.ipv6 && !hasIPv6 {
            let subnet = try freeIPv6Subnet(taken: taken)
            subnets.append(.init(subnet: subnet.description, gateway: subnet.network.advanced(by: 1).description))
        }
        for server in request.dnsServers where IPAddress(server) == nil {
            throw EngineError.invalid("invalid --dns address \(server)")
        }
        let interface: String
        if let requested = request.interfaceName {
            guard !requested.isEmpty, requested.count <= 15, !requested.contains("/"), !requested.contains(" ") else {
                throw EngineError.invalid("invalid interface name \(requested)")
            }
            if request.driver == .bridge, existing.contains(where: { $0.networkInterface == requested }) || usage.interfaceNames.contains(requested) {
                throw EngineError(.conflict, "bridge name \(requested) already in use")
            }
            interface = requested
        } else if request.driver == .bridge {
            interface = try freeInterfaceName(usage, configs: existing)
        } else {
            interface = try Self.defaultRouteInterface()
        }
        let config = NetworkConfig(
            name: name, id: FileSystem.randomHex(32), driver: request.driver.rawValue, networkInterface: interface,
            created: Timestamp.rfc3339(Timestamp.now()), subnets: subnets, ipv6Enabled: request.ipv6 || hasIPv6,
            isInternal: request.isInternal, dnsEnabled: request.driver == .bridge && !request.disableDNS,
            networkDNSServers: request.dnsServers.isEmpty ? nil : request.dnsServers,
            labels: request.labels.isEmpty ? nil : request.labels, options: options.isEmpty ? nil : options,
            ipamOptions: ["driver": "host-local"])
        try write(config)
        store.events.network("create", id: config.id, name: config.name)
        return config
    }

    private func defaultNetworkLocked() throws -> NetworkConfig? {
        FileSystem.exists(path(Self.defaultName)) ? try read(path: path(Self.defaultName)) : nil
    }

    /// Subnets in use: the host's routes and addresses, Podman's, and this store's.
    private func takenSubnets(_ usage: HostNetworkUsage) throws -> [IPSubnet] {
        let own = try FileSystem.list(directory).filter { $0.hasSuffix(".json") }.flatMap { try read(path: directory + "/" + $0).parsedSubnets }
        return usage.subnets + own
    }

    private func freeSubnet(prefixLength: Int, taken: [IPSubnet]) throws -> IPSubnet {
        let step = UInt64(1) << UInt64(32 - prefixLength)
        var candidate = IPSubnet(network: Self.pool.network, prefixLength: prefixLength)
        while Self.pool.contains(candidate.network) {
            if !taken.contains(where: { $0.overlaps(candidate) }) && !candidate.overlaps(Self.defaultSubnet) { return candidate }
            candidate = IPSubnet(network: candidate.network.advanced(by: step), prefixLength: prefixLength)
        }
        throw EngineError(.conflict, "could not find free subnet from subnet pools: all of \(Self.pool) is in use")
    }

    /// A random unique-local /64 (`fdXX:XXXX:XXXX:XXXX::/64`), as Podman makes them.
    private func freeIPv6Subnet(taken: [IPSubnet]) throws -> IPSubnet {
        for _ in 0..<100 {
            var bytes = [UInt8](repeating: 0, count: 16)
            bytes[0] = 0xfd
            for i in 1..<8 { bytes[i] = UInt8.random(in: 0...255) }
            let candidate = IPSubnet(network: IPAddress(bytes: bytes), prefixLength: 64)
            if !taken.contains(where: { $0.overlaps(candidate) }) { return candidate }
        }
        throw EngineError(.conflict, "could not find a free IPv6 subnet")
    }

    private func freeInterfaceName(_ usage: HostNetworkUsage, configs: [NetworkConfig]? = nil) throws -> String {
        let own = try configs ?? FileSystem.list(directory).filter { $0.hasSuffix(".json") }.map { try read(path: directory + "/" + $0) }
        let used = usage.interfaceNames.union(own.compactMap(\.networkInterface))
        for n in 0..<10000 where !used.contains(Self.interfacePrefix + String(n)) { return Self.interfacePrefix + String(n) }
        throw EngineError(.conflict, "no free bridge name \(Self.interfacePrefix)N")
    }

    private func freeNetworkName(_ existing: [NetworkConfig]) throws -> String {
        let names = Set(existing.map(\.name))
        for n in 1..<10000 where !names.contains("berth" + String(n)) { return "berth" + String(n) }
        throw EngineError(.conflict, "no free network name berthN")
    }

    /// Podman's name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
    }

    /// The interface of the host's default route (macvlan/ipvlan's parent when none is given).
    static func defaultRouteInterface() throws -> String {
        let text = String(decoding: try FileSystem.readFile("/proc/net/route"), as: UTF8.self)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.count > 7, f[1] == "00000000", f[7] == "00000000" { return String(f[0]) }
        }
        throw EngineError.invalid("no default route: give the network's parent interface with --interface-name")
    }
}
