import Engine
import GoTemplate
import ArgumentParser

/// `berth pause`: freezes containers' processes (the runtime's cgroup freezer).
struct ContainerPause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", _superCommandName: "berth", abstract: "Pause all the processes in one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Pause all running containers") var all = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        if all && !containers.isEmpty { throw EngineError.invalid("no arguments are needed with --all") }
        if !all && containers.isEmpty { throw EngineError.invalid("you must provide at least one name or id") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let names = all
            ? try manager.loadAll().filter { $0.state.status == .running }.map(\.id)
            : containers
        var failure: Error?
        for name in names {
            do {
                _ = try manager.pause(name)
                print(name)
            } catch {
                if let f = failure { reportContainerError(f) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
