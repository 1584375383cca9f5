import Engine
import GoTemplate
import ArgumentParser

/// `berth network rm`: `-f` removes the containers using the network first.
struct NetworkRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", _superCommandName: "berth", abstract: "Remove networks", aliases: ["remove"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "remove any containers using network") var force = false
    @Option(name: [.short, .long], help: "Seconds to wait for running containers to stop before killing the container") var time: Int?
    @Argument(help: "Networks") var names: [String]

    func run() throws {
        let networks = NetworkStore(store: try global.openStore())
        var failure: EngineError?
        for name in names {
            do {
                try networks.remove(name, force: force, timeout: time)
                print(name)
            } catch let error as EngineError {
                if let earlier = failure { printError(earlier.message) }
                // Podman exits 1 for a network that is not there.
                failure = error.kind == .notFound ? EngineError(error.kind, error.message, exitCode: 1) : error
            }
        }
        if let failure { throw failure }
    }
}
