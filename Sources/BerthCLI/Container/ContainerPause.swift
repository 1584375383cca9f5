import Engine
import GoTemplate
import ArgumentParser

/// `berth pause`: freezes containers' processes (the runtime's cgroup freezer).
struct ContainerPause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", _superCommandName: "berth", abstract: "Pause all the processes in one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Pause all running containers") var all = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        try ContainerFreezeVerb.run(global: global, all: all, containers: containers, status: .running) { manager, name in
            _ = try manager.pause(name)
        }
    }
}
