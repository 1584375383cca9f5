import ArgumentParser
import Engine

/// `berth quadlet list`: the Quadlets the generator reads, with the
/// status of each generated service.
struct QuadletList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List installed Quadlets", aliases: ["ls"])
    @Option(name: [.short, .long], help: "Filter output (name=GLOB, status=active/running, pod=NAME.pod)") var filter: [String] = []
    @Option(help: "Pretty-print output to JSON or using a Go template") var format: String?
    @Flag(name: [.short, .customLong("noheading")], help: "Do not print headers") var noHeading = false

    func run() throws {
        let quadlets = try QuadletManager.forCurrentProcess().list().filter { try $0.matches(filters: filter) }
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(quadlets)
        case .template(let source): try OutputFormat.printTemplate(source, rows: quadlets, printHeader: !noHeading)
        case .standard:
            OutputFormat.printTable(header: noHeading ? nil : ["NAME", "UNIT NAME", "PATH ON DISK", "STATUS", "APPLICATION", "POD"],
                                    rows: quadlets.map { [$0.Name, $0.UnitName, $0.Path, $0.Status, $0.App, $0.Pod] })
        }
    }
}
