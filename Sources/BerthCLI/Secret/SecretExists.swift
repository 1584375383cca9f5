import Engine
import ArgumentParser

/// `berth secret exists`: exit 0 if present, 1 if not.
struct SecretExists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", abstract: "Check if a secret exists")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Secret name or ID") var name: String

    func run() throws {
        if !(try global.openStore().secrets.exists(name)) { throw ExitCode(1) }
    }
}
