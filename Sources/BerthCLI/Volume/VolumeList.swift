import Engine
import GoTemplate
import ArgumentParser

/// `berth volume ls`.
struct VolumeList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List volumes", aliases: ["list"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Filter volume output (name=, label=, driver=)") var filter: [String] = []
    @Option(help: "Format volume output using JSON or a Go template") var format: String?
    @Flag(name: [.short, .long], help: "Print volume output in quiet mode") var quiet = false
    @Flag(name: [.short, .customLong("noheading")], help: "Do not print headers") var noHeading = false

    func run() throws {
        let volumes = try global.openStore().volumes
        let reports = try volumes.list().map(volumes.report).filter { report in
            filter.allSatisfy { spec in
                let kv = spec.split(separator: "=", maxSplits: 1).map(String.init)
                let value = kv.count > 1 ? kv[1] : ""
                switch kv[0] {
                case "name": return report.Name.contains(value)
                case "driver": return report.Driver == value
                case "label":
                    let l = value.split(separator: "=", maxSplits: 1).map(String.init)
                    return report.Labels[l[0]] != nil && (l.count == 1 || report.Labels[l[0]] == l[1])
                default: return false
                }
            }
        }
        if quiet { reports.forEach { print($0.Name) }; return }
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(reports)
        case .template(let source): try OutputFormat.printTemplate(source, rows: reports, printHeader: !noHeading)
        case .standard:
            OutputFormat.printTable(header: noHeading ? nil : ["DRIVER", "VOLUME NAME"], rows: reports.map { [$0.Driver, $0.Name] })
        }
    }
}
