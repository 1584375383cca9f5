import Engine
import GoTemplate
import ArgumentParser

/// `berth unpause`: thaws paused containers.
struct ContainerUnpause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", _superCommandName: "berth", abstract: "Unpause the processes in one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Unpause all paused containers") var all = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        try ContainerFreezeVerb.run(global: global, all: all, containers: containers, status: .paused) { manager, name in
            _ = try manager.unpause(name)
        }
    }
}
