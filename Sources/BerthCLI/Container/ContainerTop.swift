import Engine
import GoTemplate
import ArgumentParser

/// `berth top`: the container's processes, as `ps` shows them.
struct ContainerTop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes of a container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    // Descriptors may be ps(1) options (`-eo user,pid`): everything after the container is its.
    @Argument(parsing: .captureForPassthrough, help: "CONTAINER [FORMAT-DESCRIPTORS|ARGS...]") var arguments: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        // With --latest every argument is a format descriptor.
        let name = latest ? try manager.loadAll().last?.id : arguments.first
        guard let name else { throw EngineError.invalid(latest ? "top --latest: there are no containers" : "top requires a container") }
        print(try manager.top(name, descriptors: Array(arguments.dropFirst(latest ? 0 : 1))), terminator: "")
    }
}
