/// A network as `--format` templates see it: Podman's Go field names
/// (`{{.Name}}`, `{{.NetworkInterface}}`, `{{.Subnets}}`), where the JSON
/// output keeps netavark's snake_case. In `network ls`, `.ID` is the short ID.
public struct NetworkTemplateView: Encodable, Sendable {
    public var Name: String
    public var ID: String
    public var Driver: String
    public var NetworkInterface: String
    public var Created: String
    public var Subnets: [Subnet]
    public var IPv6Enabled: Bool
    public var Internal: Bool
    public var DNSEnabled: Bool
    public var NetworkDNSServers: [String]
    public var Labels: [String: String]
    public var Options: [String: String]
    public var IPAMOptions: [String: String]

    public struct Subnet: Encodable, Sendable {
        public var Subnet: String
        public var Gateway: String
        public var LeaseRange: [String: String]?
    }

    public init(_ config: NetworkConfig, shortID: Bool) {
        Name = config.name
        ID = shortID ? String(config.id.prefix(12)) : config.id
        Driver = config.driver
        NetworkInterface = config.networkInterface ?? ""
        Created = config.created
        Subnets = config.subnets.map { s in
            Subnet(Subnet: s.subnet, Gateway: s.gateway ?? "",
                   LeaseRange: s.leaseRange.map { ["StartIP": $0.startIP ?? "", "EndIP": $0.endIP ?? ""] })
        }
        IPv6Enabled = config.ipv6Enabled
        Internal = config.isInternal
        DNSEnabled = config.dnsEnabled
        NetworkDNSServers = config.networkDNSServers ?? []
        Labels = config.labels ?? [:]
        Options = config.options ?? [:]
        IPAMOptions = config.ipamOptions ?? [:]
    }
}
