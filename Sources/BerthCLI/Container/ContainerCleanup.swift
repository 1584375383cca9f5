import Engine
import GoTemplate
import ArgumentParser

/// `berth container cleanup`: the monitor's exit command. Records the exit
/// status, releases mounts and runtime state, removes `--rm` containers.
struct ContainerCleanup: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cleanup", _superCommandName: "berth", abstract: "Clean up network and mountpoints of one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(help: "After cleanup, remove the container entirely") var rm = false
    @Flag(name: [.short, .long], help: "Cleans up all containers") var all = false
    @Option(help: ArgumentHelp(visibility: .hidden)) var exec: String?
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        if exec != nil { throw EngineError.invalid("--exec is not supported yet: berth's exec sessions need no cleanup") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let names = all ? try manager.loadAll().map(\.id) : containers
        var failure: Error?
        for name in names {
            do { try manager.cleanup(name, remove: rm) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
