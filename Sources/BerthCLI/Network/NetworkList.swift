import Engine
import GoTemplate
import ArgumentParser

/// `berth network ls`.
struct NetworkList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", _superCommandName: "berth", abstract: "List networks", aliases: ["list"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Provide filter values (e.g. 'name=podman')") var filter: [String] = []
    @Option(help: "Pretty-print networks to JSON or using a Go template") var format: String?
    @Flag(name: [.short, .long], help: "display only names") var quiet = false
    @Flag(name: .customLong("no-trunc"), help: "Do not truncate the network ID") var noTrunc = false
    @Flag(name: .customLong("noheading"), help: "Do not print headers") var noHeading = false

    func run() throws {
        let networks = NetworkStore(store: try global.openStore())
        let filter = try NetworkFilter(filter)
        let configs = try networks.list().filter { config in try filter.matches(config) { !(try networks.containers(using: config)).isEmpty } }
        if quiet { configs.forEach { print($0.name) }; return }
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(configs)
        case .template(let source):
            try OutputFormat.printTemplate(source, rows: configs.map { NetworkTemplateView($0, shortID: !noTrunc, listing: true) },
                                           headers: ["ID": "NETWORK ID", "NetworkInterface": "NETWORK INTERFACE", "IPv6Enabled": "IPV6",
                                                     "DNSEnabled": "DNS", "IPAMOptions": "IPAM"],
                                           printHeader: !noHeading)
        case .standard:
            OutputFormat.printTable(header: noHeading ? nil : ["NETWORK ID", "NAME", "DRIVER"],
                                    rows: configs.map { [noTrunc ? $0.id : String($0.id.prefix(12)), $0.name, $0.driver] })
        }
    }
}
