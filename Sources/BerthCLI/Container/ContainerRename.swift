import Engine
import GoTemplate
import ArgumentParser

/// `berth rename OLD NEW`.
struct ContainerRename: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rename", _superCommandName: "berth", abstract: "Rename an existing container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "The container and its new name") var names: [String] = []

    func run() throws {
        guard names.count == 2 else { throw EngineError.invalid("accepts 2 arg(s), received \(names.count)") }
        try global.openStore().containerManager(runtime: global.runtime).rename(names[0], to: names[1])
    }
}
