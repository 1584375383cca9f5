import Engine
import ArgumentParser

/// `berth network connect`: a container joins a network (now if it runs, at its next start otherwise).
struct NetworkConnect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connect", _superCommandName: "berth", abstract: "Add container to a network")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "network scoped alias for container") var alias: [String] = []
    @Option(help: "set a static ipv4 address for this container network") var ip: String?
    @Option(help: "set a static ipv6 address for this container network") var ip6: String?
    @Option(name: .customLong("mac-address"), help: "set a static mac address for this container network") var macAddress: String?
    @Argument(help: "Network") var network: String
    @Argument(help: "Container") var container: String

    func run() throws {
        var request = ContainerNetworkRequest(name: network)
        request.aliases = alias
        request.staticIPs = [ip, ip6].compactMap { $0 }
        request.staticMAC = macAddress
        try NetworkAttachment(store: global.openStore()).connect(container, to: request)
    }
}
