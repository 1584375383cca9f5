import Engine
import GoTemplate
import ArgumentParser

/// `berth stop`: the stop signal, then SIGKILL after the timeout.
struct ContainerStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", _superCommandName: "berth", abstract: "Stop one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait for stop before killing the container") var time: Int?
    @Flag(name: [.short, .long], help: "Ignore errors when a specified container is missing") var ignore = false
    @Flag(name: [.short, .long], help: "Stop all running containers") var all = false
    @Option(help: "Read the container ID from the file") var cidfile: [String] = []
    @Option(name: [.short, .long], help: "Filter output based on conditions given") var filter: [String] = []
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var failure: Error?
        let filters = try ContainerFilter(filter, health: ContainerHealthChecker(manager: manager))
        let selected = filter.isEmpty
            ? try containerNames(containers, all: all, cidfiles: cidfile, manager: manager, runningOnly: true)
            : try manager.loadAll().filter { $0.isRunning && filters.matches($0) }.map(\.id)
        for name in selected {
            do {
                _ = try manager.stop(name, timeout: time)
                print(name)
            } catch let e as EngineError where e.kind == .notFound && ignore {
                continue
            } catch {
                if let f = failure { reportContainerError(f) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
