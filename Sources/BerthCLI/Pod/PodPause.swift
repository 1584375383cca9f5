import Engine
import ArgumentParser

/// `berth pod pause`.
struct PodPause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause one or more pods")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Pause all pods") var all = false
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        try PodCommand.each(try PodCommand.targets(pods, all: all, podIDFiles: [], manager: manager)) { try manager.pause($0).id }
    }
}
