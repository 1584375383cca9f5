/// `inspect`'s `NetworkSettings`, Podman's shape: per network the address,
/// gateway, MAC and aliases the last start got; the top-level address
/// fields are filled only for a container on the default network alone, as Podman does.
public struct NetworkSettingsReport: Encodable, Sendable {
    public var EndpointID = ""
    public var Gateway = ""
    public var IPAddress = ""
    public var IPPrefixLen = 0
    public var IPv6Gateway = ""
    public var GlobalIPv6Address = ""
    public var GlobalIPv6PrefixLen = 0
    public var MacAddress = ""
    public var Bridge = ""
    public var SandboxID = ""
    public var HairpinMode = false
    public var LinkLocalIPv6Address = ""
    public var LinkLocalIPv6PrefixLen = 0
    public var Ports: [String: [HostPort]] = [:]
    public var SandboxKey = ""
    public var Networks: [String: Endpoint]?

    public struct HostPort: Encodable, Sendable {
        public var HostIp: String
        public var HostPort: String
    }

    public struct Endpoint: Encodable, Sendable {
        public var EndpointID = ""
        public var Gateway = ""
        public var IPAddress = ""
        public var IPPrefixLen = 0
        public var IPv6Gateway = ""
        public var GlobalIPv6Address = ""
        public var GlobalIPv6PrefixLen = 0
        public var MacAddress = ""
        public var NetworkID: String
        public var Aliases: [String]?
    }

    public init(_ c: Container) {
        let entry = c.state.network
        SandboxKey = entry?.namespacePath ?? ""
        let mappings = entry?.options.portMappings ?? c.config.portMappings ?? []
        for m in mappings {
            for i in 0..<m.range {
                Ports["\(m.containerPort + i)/\(m.proto.rawValue)", default: []]
                    .append(HostPort(HostIp: m.hostIP, HostPort: m.hostPort == 0 ? "" : String(m.hostPort + i)))
            }
        }
        guard c.config.network == .bridge else { return }
        var networks: [String: Endpoint] = [:]
        for request in c.config.networks ?? [] {
            var endpoint = Endpoint(NetworkID: request.name, Aliases: request.aliases.isEmpty ? nil : request.aliases)
            let name = NetworkAttachment.netavarkName(request.name)
            if let per = entry?.options.networks[name], let status = entry?.status?[name],
               let interface = status.interfaces?[per.interfaceName] {
                endpoint.MacAddress = interface.macAddress
                endpoint.Aliases = per.aliases
                for address in interface.subnets ?? [] {
                    let parts = address.ipnet.split(separator: "/")
                    let length = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                    if parts[0].contains(":") {
                        endpoint.GlobalIPv6Address = String(parts[0])
                        endpoint.GlobalIPv6PrefixLen = length
                        endpoint.IPv6Gateway = address.gateway ?? ""
                    } else {
                        endpoint.IPAddress = String(parts[0])
                        endpoint.IPPrefixLen = length
                        endpoint.Gateway = address.gateway ?? ""
                    }
                }
            }
            networks[request.name] = endpoint
        }
        Networks = networks
        if let only = networks[NetworkStore.defaultName], networks.count == 1 {
            Gateway = only.Gateway
            IPAddress = only.IPAddress
            IPPrefixLen = only.IPPrefixLen
            IPv6Gateway = only.IPv6Gateway
            GlobalIPv6Address = only.GlobalIPv6Address
            GlobalIPv6PrefixLen = only.GlobalIPv6PrefixLen
            MacAddress = only.MacAddress
        }
    }
}
