import Engine
import GoTemplate
import ArgumentParser

/// `berth network prune`: every network but the default one that no container uses.
struct NetworkPrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", _superCommandName: "berth", abstract: "Prune unused networks")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "do not prompt for confirmation") var force = false
    @Option(help: "Provide filter values (e.g. 'label=<key>=<value>')") var filter: [String] = []

    func run() throws {
        let filter = try NetworkFilter(filter)
        if !force {
            FileHandleOutput.standardError("WARNING! This will remove all networks not used by at least one container.")
            FileHandleOutput.standardError("Are you sure you want to continue? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { return }
        }
        let networks = NetworkStore(store: try global.openStore())
        for name in try networks.prune(keep: { !filter.matches($0, inUse: { false }) }) { print(name) }
    }
}
