/// A network as `--format` templates see it: Podman's Go field names
/// (`{{.Name}}`, `{{.NetworkInterface}}`, `{{.Subnets}}`), where the JSON
/// output keeps netavark's snake_case. In `network ls`, `.ID` is the short ID
/// and `.Labels` is Podman's `k=v,k2=v2` string.
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
    public var Labels: LabelsValue
    public var Options: [String: String]
    public var IPAMOptions: [String: String]

    public enum LabelsValue: Encodable, Sendable {
        case map([String: String])
        case joined(String)

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .map(let labels): try container.encode(labels)
            case .joined(let text): try container.encode(text)
            }
        }
    }

    public struct Subnet: Encodable, Sendable {
        public var Subnet: String
        public var Gateway: String
        public var LeaseRange: [String: String]?
    }

    public init(_ config: NetworkConfig, shortID: Bool, listing: Bool = false) {
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
        let labels = config.labels ?? [:]
        Labels = listing ? .joined(labels.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: ",")) : .map(labels)
        Options = config.options ?? [:]
        IPAMOptions = config.ipamOptions ?? [:]
    }
}
