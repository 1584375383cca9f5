import Engine
import ArgumentParser

/// `berth pod unpause`.
struct PodUnpause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause one or more pods")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Unpause all pods") var all = false
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        try PodCommand.each(try PodCommand.targets(pods, all: all, podIDFiles: [], manager: manager)) { try manager.unpause($0).id }
    }
}
