import Engine
import ArgumentParser

/// `berth unshare [COMMAND...]`: a command (default: the user's shell) in
/// rootless berth's user and mount namespaces, as Podman's `unshare`.
struct Unshare: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unshare", _superCommandName: "berth",
                                                    abstract: "Run a command in a modified user namespace")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(parsing: .captureForPassthrough, help: "The command to run (default: $SHELL)") var command: [String] = []

    func run() throws {
        try Rootless.execute(command, store: global.storeOptions)
    }
}
