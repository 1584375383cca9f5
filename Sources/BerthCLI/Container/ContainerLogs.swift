import Engine
import ArgumentParser

/// `berth logs`: a container's output from its k8s-file log or journald,
/// the stored bytes unchanged. With several containers each line starts
/// with the container's short ID, or with `--names` its name, as Podman's.
struct ContainerLogs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Fetch the logs of one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Follow log output") var follow = false
    @Option(help: "Show logs since TIMESTAMP (RFC 3339, Unix seconds, or a duration like 10m)") var since: String?
    @Option(help: "Show logs until TIMESTAMP") var until: String?
    @Option(help: "Output the specified number of LINES at the end of the logs (-1 for all)") var tail: Int = -1
    @Flag(name: [.short, .long], help: "Output the timestamps in the log") var timestamps = false
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Flag(name: [.short, .long], help: "Output the container name in the log") var names = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var targets = containers
        if latest, let last = try manager.loadAll().last { targets = [last.id] }
        if targets.isEmpty { throw EngineError.invalid("logs requires at least one container") }
        let now = Timestamp.now()
        let query = LogQuery(since: try since.map { try LogTimeBound.parse($0, now: now) },
                             until: try until.map { try LogTimeBound.parse($0, now: now) },
                             tail: tail >= 0 ? tail : nil, follow: follow)
        let printer = LogPrinter(timestamps: timestamps)
        let reader = ContainerLogReader(manager: manager)
        for name in targets {
            let c = try manager.load(name)
            if targets.count > 1 { printer.prefix = Array(((names ? c.name : String(c.id.prefix(12))) + " ").utf8) }
            try reader.read(c, query, idle: printer.flush, printer.print)
        }
    }
}
