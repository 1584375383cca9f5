import Engine
import GoTemplate
import ArgumentParser

/// `berth container prune`: removes every container that is not running.
struct ContainerPrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove all non running containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Do not prompt for confirmation") var force = false
    @Option(help: "Provide filter values (e.g. 'label=<key>=<value>')") var filter: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let filters = try ContainerFilter(filter, health: ContainerHealthChecker(manager: manager))
        for var c in try manager.loadAll() {
            try manager.syncExit(&c)
            guard !c.isRunning, filters.matches(c) else { continue }
            do {
                try manager.remove(c.id, force: false, timeout: nil)
                print(c.id)
            } catch let e as EngineError where e.kind == .notFound || e.kind == .conflict {}
        }
    }
}
