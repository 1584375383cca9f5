import Engine
import GoTemplate
import ArgumentParser

/// `berth top`: the container's processes, as `ps` shows them.
struct ContainerTop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes of a container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "CONTAINER [FORMAT-DESCRIPTORS]") var arguments: [String] = []

    func run() throws {
        guard let name = arguments.first else { throw EngineError.invalid("top requires a container") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        print(try manager.top(name, descriptors: Array(arguments.dropFirst())), terminator: "")
    }
}
