import Engine
import GoTemplate
import ArgumentParser

/// `berth network reload`: re-applies the firewall rules of running
/// containers (after a firewall reload flushed them).
struct NetworkReload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", _superCommandName: "berth", abstract: "Reload firewall rules for one or more containers")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Reload network configuration of all containers") var all = false
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "Containers") var containers: [String] = []

    func validate() throws {
        if all == !containers.isEmpty && !latest { throw ValidationError("when using the --all flag, you may not pass any containers; otherwise name at least one") }
    }

    func run() throws {
        let store = try global.openStore()
        let manager = store.containerManager(runtime: global.runtime)
        var targets = containers
        if all { targets = try manager.loadAll().filter { $0.state.network != nil }.map(\.id) }
        if latest, let last = try manager.loadAll().last { targets = [last.id] }
        var failure: EngineError?
        for name in targets {
            do {
                print(try NetworkAttachment(store: store).reload(name).id)
            } catch let error as EngineError {
                if let earlier = failure { printError(earlier.message) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
