import Engine
import GoTemplate
import ArgumentParser

/// `berth volume exists`: exit 0 if present, 1 if not.
struct VolumeExists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", abstract: "Check if volume exists")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Volume") var name: String

    func run() throws {
        if !(try global.openStore().volumes.exists(name)) { throw ExitCode(1) }
    }
}
