import Engine
import ArgumentParser

/// `berth pod logs`: the logs of the pod's containers (the infra
/// container's too, as in Podman), one after another.
struct PodLogs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Fetch logs for pod with one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Filter logs by container name or id which belongs to pod") var container: String?
    @Option(help: "Show logs since TIMESTAMP (RFC 3339, Unix seconds, or a duration like 10m)") var since: String?
    @Option(help: "Show logs until TIMESTAMP") var until: String?
    @Option(help: "Output the specified number of LINES at the end of the logs (-1 for all)") var tail: Int = -1
    @Flag(name: [.short, .long], help: "Output the timestamps in the log") var timestamps = false
    @Argument(help: "Pod") var pod: String

    func run() throws {
        let store = try global.openStore()
        let pods = store.podManager(runtime: global.runtime)
        let loaded = try pods.load(pod)
        var targets = loaded.containers
        if let container {
            targets = targets.filter { $0.name == container || $0.id.hasPrefix(container) }
            if targets.isEmpty { throw EngineError.notFound("container \(container) is not in pod \(loaded.name): no such container") }
        }
        let now = Timestamp.now()
        let query = LogQuery(since: try since.map { try LogTimeBound.parse($0, now: now) },
                             until: try until.map { try LogTimeBound.parse($0, now: now) },
                             tail: tail >= 0 ? tail : nil, follow: false)
        let printer = LogPrinter(timestamps: timestamps)
        let reader = ContainerLogReader(manager: pods.containers)
        for c in targets { try reader.read(c, query, idle: printer.flush, printer.print) }
    }
}
