/// The network flags of `create`/`run` turned into what the container
/// stores: a mode (`none`, `host`, `bridge`), the networks it joins and its
/// published ports.
public struct ContainerNetworkChoice: Sendable, Equatable {
    public var mode: String
    public var networks: [ContainerNetworkRequest] = []
    public var ports: [PortMapping] = []

    public struct Flags: Sendable {
        public var network: [String] = []
        public var ip: [String] = []
        public var ip6: [String] = []
        public var macAddress: String?
        public var aliases: [String] = []
        public var publish: [String] = []
        public var publishAll = false
        public var expose: [String] = []
        /// The image's `ExposedPorts` keys (`80/tcp`).
        public var imageExposed: [String] = []
        /// What no `--network`, `bridge` and `private` mean; nil reads containers.conf.
        public var defaults: NetworkDefaults?

        /// The flags as `create`/`run` and `pod create` name them (`--network-alias` is `aliases`).
        public init(network: [String] = [], ip: [String] = [], ip6: [String] = [], macAddress: String? = nil, aliases: [String] = [],
                    publish: [String] = [], publishAll: Bool = false, expose: [String] = []) {
            self.network = network
            self.ip = ip
            self.ip6 = ip6
            self.macAddress = macAddress
            self.aliases = aliases
            self.publish = publish
            self.publishAll = publishAll
            self.expose = expose
        }
    }

    public init(mode: String, networks: [ContainerNetworkRequest] = [], ports: [PortMapping] = []) {
        self.mode = mode
        self.networks = networks
        self.ports = ports
    }

    /// The networks by their names (an ID or `bridge` given on the command
    /// line is stored as the name); an unknown network is an error here,
    /// before any container record exists.
    public mutating func settleNames(_ networks: NetworkStore) throws {
        for i in self.networks.indices {
            let config = try networks.load(self.networks[i].name)
            guard !self.networks[..<i].contains(where: { $0.name == config.name }) else {
                throw EngineError.invalid("network \(config.name) given twice")
            }
            self.networks[i].name = config.name
        }
    }

    public static func resolve(_ flags: Flags) throws -> ContainerNetworkChoice {
        // containers.conf is read only when a value leaves something to it.
        func defaults() throws -> NetworkDefaults { try flags.defaults ?? NetworkDefaults.current() }
        let values = flags.network.isEmpty ? [try defaults().mode] : flags.network
        var choice = ContainerNetworkChoice(mode: "bridge")
        for value in values {
            switch value {
            case "none", "host":
                guard values.count == 1 else { throw EngineError.invalid("--network \(value) cannot be combined with other networks") }
                choice.mode = value
            case "private" where flags.defaults?.rootless ?? Rootless.isActive:
                guard values.count == 1 else { throw EngineError.invalid("--network \(value) cannot be combined with other networks") }
                choice.mode = "none"
            case _ where value == "pasta" || value.hasPrefix("pasta:"):
                guard values.count == 1 else { throw EngineError.invalid("--network \(value) cannot be combined with other networks") }
                guard Rootless.isActive else { throw EngineError.invalid("--network \(value) is for rootless containers: as root use a bridge network") }
                choice.mode = value
            case _ where value.hasPrefix("container:") || value.hasPrefix("ns:"):
                // Another container's namespace, or one at a path: joined at start.
                guard values.count == 1 else { throw EngineError.invalid("--network \(value) cannot be combined with other networks") }
                _ = try NetworkMode(parsing: value)
                choice.mode = value
            case "pod":
                throw EngineError.invalid("--network pod needs --pod: a pod's members join its network namespace")
            case "slirp4netns":
                throw EngineError.invalid("--network \(value) is not supported yet: bridge networks (rootful) and pasta (rootless) only")
            case _ where value.hasPrefix("slirp4netns:"):
                throw EngineError.invalid("--network \(value) is not supported yet: rootful bridge networks only")
            default:
                var request = try ContainerNetworkRequest.parse(value)
                if request.name == "bridge" || request.name == "private" { request.name = try defaults().networkName }
                guard !choice.networks.contains(where: { $0.name == request.name }) else {
                    throw EngineError.invalid("network \(request.name) given twice")
                }
                choice.networks.append(request)
            }
        }
        let perContainer = !flags.ip.isEmpty || !flags.ip6.isEmpty || flags.macAddress != nil || !flags.aliases.isEmpty
        if Rootless.isActive && choice.mode == "bridge" {
            throw EngineError.invalid("bridge networks are not supported for rootless containers yet: use the default, pasta (--network pasta), or --network none|host")
        }
        if choice.mode.hasPrefix("pasta") {
            if perContainer { throw EngineError.invalid("--ip, --ip6, --mac-address and --network-alias need a bridge network, not --network \(choice.mode)") }
            for spec in flags.publish { choice.ports += try PortMapping.parse(spec) }
            return choice
        }
        if choice.mode != "bridge" {
            if perContainer { throw EngineError.invalid("--ip, --ip6, --mac-address and --network-alias need a bridge network, not --network \(choice.mode)") }
            if !flags.publish.isEmpty || flags.publishAll {
                throw EngineError.invalid("--publish cannot be used with --network \(choice.mode): only bridge networks publish ports")
            }
            return choice
        }
        if perContainer {
            guard choice.networks.count == 1 else {
                throw EngineError.invalid("--ip, --ip6, --mac-address and --network-alias need exactly one network; use --network NAME:ip=...,alias=... for several")
            }
            for ip in flags.ip + flags.ip6 {
                guard IPAddress(ip) != nil else { throw EngineError.invalid("invalid IP address \(ip.debugDescription)") }
            }
            choice.networks[0].staticIPs += flags.ip + flags.ip6
            if let mac = flags.macAddress { choice.networks[0].staticMAC = try ContainerNetworkRequest.checkedMAC(mac) }
            choice.networks[0].aliases += flags.aliases
        }
        for spec in flags.publish { choice.ports += try PortMapping.parse(spec) }
        if flags.publishAll {
            for spec in flags.expose + flags.imageExposed {
                for exposed in try PortMapping.parse(spec) where !choice.ports.contains(where: {
                    $0.proto == exposed.proto && $0.containerPort <= exposed.containerPort && exposed.containerPort < $0.containerPort + $0.range
                }) {
                    choice.ports.append(exposed)
                }
            }
        }
        return choice
    }
}
