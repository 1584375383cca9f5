import Engine
import GoTemplate
import ArgumentParser

/// `berth network create`, with Podman's flags (and those Quadlet's `.network` units emit).
struct NetworkCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", _superCommandName: "berth", abstract: "Create networks for containers and pods")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Driver to manage the network (bridge, macvlan, ipvlan)") var driver: String = "bridge"
    @Option(help: "Subnets in CIDR format") var subnet: [String] = []
    @Option(help: "IPv4 or IPv6 gateway for the subnet") var gateway: [String] = []
    @Option(name: .customLong("ip-range"), help: "Allocate container IP from range") var ipRange: [String] = []
    @Flag(name: .customLong("internal"), help: "Restrict external access from this network") var isInternal = false
    @Flag(help: "Enable IPv6 networking") var ipv6 = false
    @Flag(name: .customLong("disable-dns"), help: "Disable DNS plugin") var disableDNS = false
    @Option(help: "DNS servers this network will use") var dns: [String] = []
    @Option(name: .customLong("interface-name"), help: "Interface name which is used by the driver") var interfaceName: String?
    @Option(name: [.short, .customLong("opt")], help: "Set driver specific options (mtu=, vlan=, isolate=, metric=, mode=)") var opt: [String] = []
    @Option(help: "Set metadata on a network") var label: [String] = []
    @Option(name: .customLong("ipam-driver"), help: "IP Address Management Driver (host-local)") var ipamDriver: String?
    @Flag(help: "Don't fail if network already exists") var ignore = false
    @Argument(help: "Network name") var name: String?

    func run() throws {
        var request = NetworkCreateRequest()
        request.name = name
        guard let chosen = NetworkCreateRequest.Driver(rawValue: driver) else {
            throw EngineError.invalid("unsupported driver \(driver): invalid argument")
        }
        request.driver = chosen
        request.subnets = subnet
        request.gateways = gateway
        request.ipRanges = ipRange
        request.isInternal = isInternal
        request.ipv6 = ipv6
        request.disableDNS = disableDNS
        request.dnsServers = dns
        request.interfaceName = interfaceName
        request.ignoreExisting = ignore
        request.ipamDriver = ipamDriver
        for item in opt {
            let (key, value) = ContainerCreateOptions.keyValue(item)
            request.options[key] = value
        }
        for item in label {
            let (key, value) = ContainerCreateOptions.keyValue(item)
            request.labels[key] = value
        }
        print(try NetworkStore(store: global.openStore()).create(request).name)
    }
}
