import Engine
import GoTemplate
import ArgumentParser

/// `berth image exists`: exit 0 if present, 1 if not.
struct ImageExists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", _superCommandName: "berth", abstract: "Check if an image exists in local storage")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Image") var image: String

    func run() throws {
        if !(try global.openStore().images.exists(image)) { throw ExitCode(1) }
    }
}
