/// What `netavark setup` prints per network: the container's interfaces
/// with their addresses, and the DNS servers and search domains to use.
public struct NetavarkStatus: Codable, Sendable {
    public var dnsSearchDomains: [String]?
    public var dnsServerIPs: [String]?
    public var interfaces: [String: Interface]?

    public struct Interface: Codable, Sendable {
        public var macAddress: String
        public var subnets: [Address]?

        enum CodingKeys: String, CodingKey {
            case macAddress = "mac_address"
            case subnets
        }
    }

    public struct Address: Codable, Sendable {
        /// The container's address with its prefix (`10.87.0.2/16`).
        public var ipnet: String
        public var gateway: String?
    }

    enum CodingKeys: String, CodingKey {
        case dnsSearchDomains = "dns_search_domains"
        case dnsServerIPs = "dns_server_ips"
        case interfaces
    }
}
