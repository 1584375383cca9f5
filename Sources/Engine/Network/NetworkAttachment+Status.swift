extension NetworkAttachment.Record {
    /// The networks in the order the container joined them (eth0 first).
    var orderedNetworks: [String] {
        options.networks.sorted { a, b in
            let (x, y) = (a.value.interfaceName, b.value.interfaceName)
            return x.count != y.count ? x.count < y.count : x < y
        }.map(\.key)
    }

    /// The container's addresses (without prefix), IPv4 first, in network order.
    public var addresses: [String] {
        let all = orderedNetworks.flatMap { name in
            (status?[name]?.interfaces ?? [:]).values.flatMap { $0.subnets ?? [] }.map { String($0.ipnet.split(separator: "/")[0]) }
        }
        return all.filter { !$0.contains(":") } + all.filter { $0.contains(":") }
    }

    /// The first network's IPv4 gateway (`host.containers.internal` for rootful containers).
    public var firstGateway: String? {
        for name in orderedNetworks {
            for interface in (status?[name]?.interfaces ?? [:]).values {
                if let gateway = interface.subnets?.compactMap(\.gateway).first(where: { !$0.contains(":") }) { return gateway }
            }
        }
        return nil
    }

    /// Aardvark's addresses and search domains (`dns.podman`) for networks with DNS.
    public var dnsServers: [String] { orderedNetworks.flatMap { status?[$0]?.dnsServerIPs ?? [] } }
    public var dnsSearchDomains: [String] {
        var seen = Set<String>()
        return orderedNetworks.flatMap { status?[$0]?.dnsSearchDomains ?? [] }.filter { seen.insert($0).inserted }
    }
}
