/// A network as netavark takes it and as Podman 4.3 stores it in
/// `/etc/containers/networks/NAME.json`; Berth keeps these under
/// `<store root>/networks/`. Field order is Podman's (its `inspect` output).
public struct NetworkConfig: Codable, Sendable, Equatable {
    public var name: String
    public var id: String
    public var driver: String
    public var networkInterface: String?
    public var created: String
    public var subnets: [Subnet]
    public var ipv6Enabled: Bool
    public var isInternal: Bool
    public var dnsEnabled: Bool
    /// `--dns` on the network (Podman 4.5's `network_dns_servers`).
    public var networkDNSServers: [String]?
    public var labels: [String: String]?
    public var options: [String: String]?
    public var ipamOptions: [String: String]?

    public struct Subnet: Codable, Sendable, Equatable {
        public var subnet: String
        public var gateway: String?
        public var leaseRange: LeaseRange?

        public init(subnet: String, gateway: String? = nil, leaseRange: LeaseRange? = nil) {
            self.subnet = subnet
            self.gateway = gateway
            self.leaseRange = leaseRange
        }

        enum CodingKeys: String, CodingKey {
            case subnet, gateway
            case leaseRange = "lease_range"
        }
    }

    public struct LeaseRange: Codable, Sendable, Equatable {
        public var startIP: String?
        public var endIP: String?

        enum CodingKeys: String, CodingKey {
            case startIP = "start_ip"
            case endIP = "end_ip"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, id, driver
        case networkInterface = "network_interface"
        case created, subnets
        case ipv6Enabled = "ipv6_enabled"
        case isInternal = "internal"
        case dnsEnabled = "dns_enabled"
        case networkDNSServers = "network_dns_servers"
        case labels, options
        case ipamOptions = "ipam_options"
    }

    public init(name: String, id: String, driver: String, networkInterface: String?, created: String, subnets: [Subnet],
                ipv6Enabled: Bool, isInternal: Bool, dnsEnabled: Bool, networkDNSServers: [String]? = nil,
                labels: [String: String]? = nil, options: [String: String]? = nil, ipamOptions: [String: String]? = nil) {
        self.name = name
        self.id = id
        self.driver = driver
        self.networkInterface = networkInterface
        self.created = created
        self.subnets = subnets
        self.ipv6Enabled = ipv6Enabled
        self.isInternal = isInternal
        self.dnsEnabled = dnsEnabled
        self.networkDNSServers = networkDNSServers
        self.labels = labels
        self.options = options
        self.ipamOptions = ipamOptions
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        id = try c.decode(String.self, forKey: .id)
        driver = try c.decode(String.self, forKey: .driver)
        networkInterface = try c.decodeIfPresent(String.self, forKey: .networkInterface)
        created = try c.decodeIfPresent(String.self, forKey: .created) ?? ""
        subnets = try c.decodeIfPresent([Subnet].self, forKey: .subnets) ?? []
        ipv6Enabled = try c.decodeIfPresent(Bool.self, forKey: .ipv6Enabled) ?? false
        isInternal = try c.decodeIfPresent(Bool.self, forKey: .isInternal) ?? false
        dnsEnabled = try c.decodeIfPresent(Bool.self, forKey: .dnsEnabled) ?? false
        networkDNSServers = try c.decodeIfPresent([String].self, forKey: .networkDNSServers)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
        options = try c.decodeIfPresent([String: String].self, forKey: .options)
        ipamOptions = try c.decodeIfPresent([String: String].self, forKey: .ipamOptions)
    }

    /// The parsed subnets (validated when the network was created).
    public var parsedSubnets: [IPSubnet] { subnets.compactMap { IPSubnet($0.subnet) } }
}
