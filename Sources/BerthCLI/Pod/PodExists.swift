import Engine
import ArgumentParser

/// `berth pod exists`: exit 0 if it exists, 1 if not.
struct PodExists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exists", abstract: "Check if a pod exists in local storage")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Pod") var pod: String

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        do { _ = try manager.lookup(pod) } catch let e as EngineError where e.kind == .notFound {
            throw ExitCode(1)
        }
    }
}
