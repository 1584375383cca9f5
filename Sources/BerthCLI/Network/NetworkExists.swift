import Engine
import GoTemplate
import ArgumentParser

/// `berth network exists`: exit 0 if present, 1 if not.
struct NetworkExists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", _superCommandName: "berth", abstract: "network exists")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Network") var name: String

    func run() throws {
        if !(try NetworkStore(store: global.openStore()).exists(name)) { throw ExitCode(1) }
    }
}
