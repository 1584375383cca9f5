import Engine
import GoTemplate
import ArgumentParser

/// `berth rm`: removes containers (running ones only with -f).
/// Exit status as Podman's: 1 when a container did not exist, 2 when one was running.
struct ContainerRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", _superCommandName: "berth", abstract: "Remove one or more containers", aliases: ["remove"])

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Force removal of a running or unusable container") var force = false
    @Flag(name: [.short, .long], help: "Remove anonymous volumes associated with the container") var volumes = false
    @Flag(name: [.short, .long], help: "Ignore errors when a specified container is missing") var ignore = false
    @Flag(name: [.short, .long], help: "Remove all containers") var all = false
    @Flag(name: .long, help: "Remove container and all containers that depend on the selected container") var depend = false
    @Option(name: [.short, .customLong("time")], help: "Seconds to wait for stop before killing the container") var time: Int?
    @Option(help: "Read the container ID from the file") var cidfile: [String] = []
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var failure: EngineError?
        let names: [String]
        do {
            names = try containerNames(containers, all: all, cidfiles: cidfile, manager: manager)
        } catch let e as EngineError where e.kind == .notFound && ignore {
            return
        }
        for name in names {
            do {
                let c = try manager.load(name)
                if depend {
                    try manager.removeWithDependents(c.id, force: force, timeout: time, volumes: volumes) { print($0) }
                    continue
                }
                try manager.remove(c.id, force: force, timeout: time, volumes: volumes)
                print(c.id)
            } catch let e as EngineError where e.kind == .notFound {
                if ignore { continue }
                if let f = failure { printError(f.message) }
                failure = EngineError(.notFound, e.message, exitCode: 1)
            } catch let e as EngineError {
                if let f = failure { printError(f.message) }
                failure = e
            }
        }
        // `rm --all` also clears what a killed berth left of removed containers.
        if all { try manager.removeOrphanLocks() }
        if let failure { throw failure }
    }
}
