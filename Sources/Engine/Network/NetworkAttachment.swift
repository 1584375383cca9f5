#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A container's place on its bridge networks, as one held resource:
/// addresses and host ports chosen and recorded first, then a network
/// namespace under `<run root>/netns/`, then `netavark setup` in it.
/// `tearDown` undoes whatever of that exists, so it also repairs a start
/// that crashed half-way; after a reboot (a wiped run root) the namespace,
/// its veth and the firewall rules are already gone and only the record is left.
public struct NetworkAttachment {
    public let store: Store

    /// What a start took, saved in the container's run state before any of
    /// it is taken; `status` is filled once `netavark setup` succeeded.
    public struct Record: Codable, Sendable {
        public var namespacePath: String
        public var options: NetavarkOptions
        public var status: [String: NetavarkStatus]?
    }

    public init(store: Store) { self.store = store }

    /// The name netavark knows a network by. netavark names its firewall
    /// chains after a hash of the network's name, so Berth's `podman` (or
    /// any name Podman also has) would share Podman's chains, and one
    /// engine's teardown would remove the other's rules: a prefix keeps them apart.
    public static func netavarkName(_ name: String) -> String { "berth-" + name }

    /// Aardvark's configuration (netavark's `--config`): Berth's own, not Podman's /run/containers/networks.
    var configDirectory: String { store.runRoot + "/networks" }
    func namespacePath(_ containerID: String) -> String { store.runRoot + "/netns/berth-" + containerID }

    /// Chooses addresses and ports, calls `record` (which must save them)
    /// under the networks lock, then creates the namespace and runs
    /// netavark. Returns the record with netavark's status.
    public func setUp(_ c: Container, record: (Record) throws -> Void) throws -> Record {
        var (entry, call) = try beginSetUp(c, record: record)
        entry.status = try call?.wait() ?? [:]
        return entry
    }

    /// `setUp` with netavark left running (nil: no networks to set up): the
    /// caller waits for it before the container's process starts.
    func beginSetUp(_ c: Container, record: (Record) throws -> Void) throws -> (Record, NetavarkCall?) {
        let networks = NetworkStore(store: store)
        let entry: Record
        do {
            let lock = try networks.lock()
            defer { lock.unlock() }
            entry = Record(namespacePath: namespacePath(c.id), options: try options(for: c, networks: networks), status: nil)
            try record(entry)
        }
        try NetworkNamespace.create(at: entry.namespacePath)
        if entry.options.networks.isEmpty { return (entry, nil) }
        return (entry, try NetavarkCall("setup", entry.options, in: entry.namespacePath, configDirectory: configDirectory))
    }

    /// Removes what `setUp` (and `connect`) made. Idempotent; a missing
    /// namespace means there is nothing left for netavark to undo. A
    /// network without a status never finished its setup (a start or a
    /// connect cut short): its teardown may fail on what setup never made,
    /// and the namespace going takes whatever it did make. A teardown cut
    /// short (kill -9) leaves part of what setup made (the veth gone, say),
    /// so `record` (which must save it) first gets the entry marked
    /// unfinished, and the next teardown tolerates what is missing.
    public func tearDown(_ entry: Record, record: (Record) throws -> Void) throws {
        guard NetworkNamespace.isBound(entry.namespacePath) else {
            try NetworkNamespace.remove(at: entry.namespacePath)
            return
        }
        if entry.status != nil {
            var unfinished = entry
            unfinished.status = nil
            try record(unfinished)
        }
        let finished = entry.options.subset { entry.status?[$0] != nil }
        let unfinished = entry.options.subset { entry.status?[$0] == nil }
        if !unfinished.networks.isEmpty {
            // What it fails on was never made; removing the namespace below takes the rest.
            do { _ = try run("teardown", unfinished, in: entry.namespacePath) } catch {}
        }
        if !finished.networks.isEmpty { _ = try run("teardown", finished, in: entry.namespacePath) }
        try NetworkNamespace.remove(at: entry.namespacePath)
    }

    // MARK: netavark

    static let helperDirectories = ["/usr/local/libexec/podman", "/usr/local/lib/podman", "/usr/libexec/podman", "/usr/lib/podman"]

    static func helper(_ name: String) throws -> String {
        for dir in helperDirectories where access(dir + "/" + name, X_OK) == 0 { return dir + "/" + name }
        throw EngineError(.notFound, "could not find \(name) in \(helperDirectories.joined(separator: ", ")): install Debian's \(name) package")
    }

    func run(_ verb: String, _ options: NetavarkOptions, in namespacePath: String) throws -> [String: NetavarkStatus]? {
        try NetavarkCall(verb, options, in: namespacePath, configDirectory: configDirectory).wait()
    }

    /// netavark reports errors as `{"error": "..."}` on stdout.
    static func errorMessage(_ output: String) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], let error = object["error"] as? String {
            return error
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: allocation

    /// netavark's input for the container: every network's config, an
    /// address per subnet (asked for, or the next free one), and host ports.
    private func options(for c: Container, networks: NetworkStore) throws -> NetavarkOptions {
        var taken = try takenAddresses(except: c.id)
        var perNetwork: [String: NetavarkOptions.PerNetwork] = [:]
        var info: [String: NetworkConfig] = [:]
        for (index, request) in (c.config.networks ?? []).enumerated() {
            let joined = try allocate(request, interfaceName: request.interfaceName ?? "eth\(index)", for: c, taken: &taken, networks: networks)
            guard info[joined.name] == nil else {
                throw EngineError.invalid("container \(c.name) joins network \(request.name) twice")
            }
            perNetwork[joined.name] = joined.options
            info[joined.name] = joined.config
        }
        var ports = c.config.portMappings ?? []
        for i in ports.indices {
            if ports[i].hostPort == 0 {
                ports[i].hostPort = try HostPorts.free(ports[i])
            } else {
                try HostPorts.checkFree(ports[i])
            }
        }
        return NetavarkOptions(containerID: c.id, containerName: c.name, portMappings: ports.isEmpty ? nil : ports,
                               networks: perNetwork, networkInfo: info, dnsServers: nil)
    }

    /// The addresses other containers hold, per netavark network name.
    func takenAddresses(except id: String) throws -> [String: Set<IPAddress>] {
        var taken: [String: Set<IPAddress>] = [:]
        for other in try ContainerManager(store: store).loadAll() where other.id != id {
            for (name, per) in other.state.network?.options.networks ?? [:] {
                taken[name, default: []].formUnion((per.staticIPs ?? []).compactMap(IPAddress.init))
            }
        }
        return taken
    }

    /// One network's part of netavark's input: the config under its
    /// netavark name, and the container's address on each of its subnets.
    func allocate(_ request: ContainerNetworkRequest, interfaceName: String, for c: Container,
                  taken: inout [String: Set<IPAddress>], networks: NetworkStore)
        throws -> (name: String, options: NetavarkOptions.PerNetwork, config: NetworkConfig) {
        let config = try networks.load(request.name)
        let name = Self.netavarkName(config.name)
        var ips: [IPAddress] = []
        let requested = try request.staticIPs.map { text -> IPAddress in
            guard let ip = IPAddress(text) else { throw EngineError.invalid("invalid IP address \(text)") }
            return ip
        }
        for ip in requested {
            guard config.parsedSubnets.contains(where: { $0.contains(ip) }) else {
                throw EngineError.invalid("requested static ip \(ip) not in any subnet on network \(config.name)")
            }
            if taken[name, default: []].contains(ip) {
                throw EngineError(.conflict, "IP address \(ip) is already allocated on network \(config.name): requested ip address is already allocated")
            }
        }
        for subnet in config.subnets {
            guard let parsed = IPSubnet(subnet.subnet) else { continue }
            if let ip = requested.first(where: { parsed.contains($0) }) { ips.append(ip); continue }
            ips.append(try Self.nextFree(subnet, parsed, taken: taken[name, default: []], network: config.name))
        }
        taken[name, default: []].formUnion(ips)
        let aliases = config.dnsEnabled ? request.aliases + [c.shortID] : []
        let options = NetavarkOptions.PerNetwork(aliases: aliases.isEmpty ? nil : aliases, interfaceName: interfaceName,
                                                 staticIPs: ips.map(\.description), staticMAC: request.staticMAC)
        var renamed = config
        renamed.name = name
        return (name, options, renamed)
    }

    /// The first address of the subnet's lease range (or the whole subnet)
    /// that is not the network, gateway or broadcast address and not taken.
    static func nextFree(_ subnet: NetworkConfig.Subnet, _ parsed: IPSubnet, taken: Set<IPAddress>, network: String) throws -> IPAddress {
        var candidate = subnet.leaseRange?.startIP.flatMap(IPAddress.init) ?? parsed.network.advanced(by: 1)
        // Never the IPv4 broadcast address, which Podman's lease ranges may end on.
        let last = parsed.isIPv4 ? parsed.last.previous : parsed.last
        let end = min(subnet.leaseRange?.endIP.flatMap(IPAddress.init) ?? last, last)
        let gateway = subnet.gateway.flatMap(IPAddress.init)
        var tries: UInt64 = 0
        while candidate <= end && tries < 1 << 20 {
            if candidate != gateway && candidate != parsed.network && !taken.contains(candidate) { return candidate }
            candidate = candidate.advanced(by: 1)
            tries += 1
        }
        throw EngineError(.conflict, "failed to allocate an IP address in subnet \(parsed) of network \(network): no free addresses")
    }
}
