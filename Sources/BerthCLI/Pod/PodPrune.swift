import Engine
import ArgumentParser

/// `berth pod prune`: removes every pod with no running container.
struct PodPrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove all stopped pods and their containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Do not prompt for confirmation") var force = false

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        for id in try manager.prune() { print(id) }
    }
}
