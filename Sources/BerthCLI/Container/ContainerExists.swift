import Engine
import GoTemplate
import ArgumentParser

/// `berth container exists`: exit 0 if it exists, 1 if not.
struct ContainerExists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", abstract: "Check if a container exists in local storage")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(help: ArgumentHelp(visibility: .hidden)) var external = false
    @Argument(help: "Container") var container: String

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        do { _ = try manager.load(container) } catch let e as EngineError where e.kind == .notFound {
            throw ExitCode(1)
        }
    }
}
