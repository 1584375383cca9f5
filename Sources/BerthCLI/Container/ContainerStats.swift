import Engine
import GoTemplate
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `berth stats` / `berth container stats`: CPU, memory, network, block
/// I/O and pids of containers, from their cgroups, as Podman prints them.
struct ContainerStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", _superCommandName: "berth",
                                                    abstract: "Display a live stream of container resource usage statistics")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Show all containers. Only running containers are shown by default. The default is false") var all = false
    @Flag(name: [.short, .long], help: "Act on the latest container berth is aware of") var latest = false
    @Option(help: "Pretty-print container statistics to JSON or using a Go template") var format: String?
    @Flag(name: .customLong("no-reset"), help: "Disable resetting the screen between intervals") var noReset = false
    @Flag(name: .customLong("no-stream"), help: "Disable streaming stats and only pull the first result, default setting is false") var noStream = false
    @Flag(name: .customLong("no-trunc"), help: "Do not truncate output") var noTrunc = false
    @Option(name: [.short, .long], help: "Time in seconds between stats reports") var interval: Int = 5
    @Argument(help: "CONTAINER...") var containers: [String] = []

    /// Podman's columns and titles.
    static let defaultFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}"
    static let headers = ["ID": "ID", "UpTime": "CPU TIME", "CPUPerc": "CPU %", "AVGCPU": "Avg CPU %", "MemUsage": "MEM USAGE / LIMIT",
                          "MemUsageBytes": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET IO", "BlockIO": "BLOCK IO", "PIDS": "PIDS"]

    func validate() throws {
        if [all, latest, !containers.isEmpty].filter({ $0 }).count > 1 {
            throw ValidationError("--all, --latest and containers cannot be used together")
        }
        if interval < 1 { throw ValidationError("stats requires an interval of at least 1 second") }
    }

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let selection: StatsSelection = latest ? .latest : all ? .all : containers.isEmpty ? .running : .named(containers)
        let clears = !noReset && isatty(1) == 1
        var previous: [String: ContainerStats] = [:]
        while true {
            let reading = try manager.stats(selection, previous: previous)
            if clears { print("\u{1B}[2J\u{1B}[1;1H", terminator: "") }
            try output(reading)
            fflush(nil)
            if noStream { return }
            previous = Dictionary(reading.map { ($0.ContainerID, $0) }, uniquingKeysWith: { a, _ in a })
            sleep(UInt32(interval))
        }
    }

    private func output(_ reading: [ContainerStats]) throws {
        if case .json = OutputFormat(format) {
            print(ContainerStats.json(reading))
            return
        }
        let source: String
        if case .template(let user) = OutputFormat(format) { source = user } else { source = Self.defaultFormat }
        try OutputFormat.printTemplate(source, rows: reading.map { $0.templateRow(noTrunc: noTrunc) }, goType: "containers.containerStats",
                                       headers: Self.headers)
    }
}
