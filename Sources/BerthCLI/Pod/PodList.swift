import Engine
import ArgumentParser

/// `berth pod ps`: Podman's table, `--format json` or a Go template, `--filter`.
struct PodList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List pods", aliases: ["ls", "list"])

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Filter output based on conditions given (id, name, label, status, ctr-names, ctr-ids, ctr-status, ctr-number)") var filter: [String] = []
    @Option(help: "Pretty-print pods to JSON or using a Go template") var format: String?
    @Flag(name: [.short, .long], help: "Print the numeric IDs of the pods only") var quiet = false
    @Flag(name: .customLong("no-trunc"), help: "Do not truncate pod and container IDs") var noTrunc = false
    @Flag(name: .customLong("noheading"), help: "Do not print headers") var noHeading = false
    @Flag(name: .customLong("ctr-names"), help: "Display the container names") var ctrNames = false
    @Flag(name: .customLong("ctr-ids"), help: "Display the container UUIDs. If no-trunc is not set they will be truncated") var ctrIDs = false
    @Flag(name: .customLong("ctr-status"), help: "Display the container status") var ctrStatus = false
    @Flag(name: .customLong("ns"), help: "Display namespace information of the pod") var namespaces = false
    @Option(help: "Sort output by created, id, name, or number") var sort: String = "created"
    @Flag(name: [.short, .long], help: ArgumentHelp(visibility: .hidden)) var latest = false

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        let filters = try filter.map(PodFilter.init(parsing:))
        var pods = try manager.loadAll().filter { pod in filters.allSatisfy { $0.matches(pod) } }
        switch sort {
        case "created": break
        case "id": pods.sort { $0.id < $1.id }
        case "name": pods.sort { $0.name < $1.name }
        case "number": pods.sort { $0.containers.count < $1.containers.count }
        case "status": pods.sort { $0.status < $1.status }
        default: throw EngineError.invalid("invalid option for --sort, options are: id, names, status, created, number")
        }
        if latest, let last = pods.last { pods = [last] }
        if quiet { pods.forEach { print(noTrunc ? $0.id : String($0.id.prefix(12))) }; return }
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(pods.map(PodListReport.init))
        case .template(let source):
            try OutputFormat.printTemplate(source, rows: pods.map { PodListRow($0, noTrunc: noTrunc) }, headers: PodListRow.headers, printHeader: !noHeading)
        case .standard:
            var columns = ["ID", "Name", "Status", "Created", "InfraID"]
            if ctrIDs { columns.append("ContainerIds") }
            if ctrNames { columns.append("ContainerNames") }
            if ctrStatus { columns.append("ContainerStatuses") }
            if namespaces { columns += ["Cgroup", "Namespace"] }
            if !(ctrIDs || ctrNames || ctrStatus) { columns.append("NumberOfContainers") }
            let source = "table " + columns.map { "{{.\($0)}}" }.joined(separator: "\t")
            try OutputFormat.printTemplate(source, rows: pods.map { PodListRow($0, noTrunc: noTrunc) }, headers: PodListRow.headers, printHeader: !noHeading)
        }
    }
}
