/// The JSON `netavark setup` and `teardown` read: the container, its
/// networks with the addresses chosen for it, and its published ports.
public struct NetavarkOptions: Codable, Sendable {
    public var containerID: String
    public var containerName: String
    public var portMappings: [PortMapping]?
    public var networks: [String: PerNetwork]
    public var networkInfo: [String: NetworkConfig]
    public var dnsServers: [String]?

    public struct PerNetwork: Codable, Sendable {
        public var aliases: [String]?
        public var interfaceName: String
        public var staticIPs: [String]?
        public var staticMAC: String?

        enum CodingKeys: String, CodingKey {
            case aliases
            case interfaceName = "interface_name"
            case staticIPs = "static_ips"
            case staticMAC = "static_mac"
        }
    }

    /// The same container with only the networks `keep` names (netavark
    /// names), for setting up or tearing down those alone.
    func subset(_ keep: (String) -> Bool) -> NetavarkOptions {
        var options = self
        options.networks = networks.filter { keep($0.key) }
        options.networkInfo = networkInfo.filter { keep($0.key) }
        return options
    }

    enum CodingKeys: String, CodingKey {
        case containerID = "container_id"
        case containerName = "container_name"
        case portMappings = "port_mappings"
        case networks
        case networkInfo = "network_info"
        case dnsServers = "dns_servers"
    }
}
