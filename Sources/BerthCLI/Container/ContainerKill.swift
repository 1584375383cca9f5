import Engine
import GoTemplate
import ArgumentParser

/// `berth kill`: sends a signal to running containers.
struct ContainerKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Kill one or more running containers with a specific signal")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Signal to send to the container") var signal: String = "KILL"
    @Flag(name: [.short, .long], help: "Signal all running containers") var all = false
    @Option(help: "Read the container ID from the file") var cidfile: [String] = []
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let number = try Signals.parse(signal)
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var failure: Error?
        for name in try containerNames(containers, all: all, cidfiles: cidfile, manager: manager, runningOnly: true) {
            do {
                _ = try manager.kill(name, signal: number)
                print(name)
            } catch {
                if let f = failure { reportContainerError(f) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
