import Engine
import ArgumentParser

/// `berth network disconnect`: a container leaves a network.
struct NetworkDisconnect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disconnect", _superCommandName: "berth", abstract: "Disconnect a container from a network")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "force operation") var force = false
    @Argument(help: "Network") var network: String
    @Argument(help: "Container") var container: String

    func run() throws {
        try NetworkAttachment(store: global.openStore()).disconnect(container, from: network)
    }
}
