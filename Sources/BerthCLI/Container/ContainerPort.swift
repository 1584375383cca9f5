import Engine
import GoTemplate
import ArgumentParser

/// `berth port`: published ports. Containers on `none` or `host` publish
/// none, so this prints nothing until bridge networks arrive.
struct ContainerPort: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "port", abstract: "List port mappings or a specific mapping for the container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Display port information for all containers") var all = false
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "CONTAINER [PORT]") var arguments: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        if !all, let name = arguments.first { _ = try manager.load(name) }
    }
}
