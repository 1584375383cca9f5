import Engine
import GoTemplate
import ArgumentParser

/// `berth restart`: stop (if running), then start.
struct ContainerRestart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait for stop before killing the container") var time: Int?
    @Flag(name: [.short, .long], help: "Restart all non-running containers") var all = false
    @Flag(name: .long, help: "Restart only running containers") var running = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var failure: Error?
        for name in try containerNames(containers, all: all, cidfiles: [], manager: manager, runningOnly: running) {
            do {
                _ = try manager.stop(name, timeout: time)
                let started = try manager.start(name)
                try ContainerNotify.afterStart(started.container, manager: manager)
                print(started.container.id)
            } catch {
                if let f = failure { reportContainerError(f) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
