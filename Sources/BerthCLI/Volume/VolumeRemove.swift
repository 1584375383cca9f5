import Engine
import GoTemplate
import ArgumentParser

/// `berth volume rm`.
struct VolumeRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more volumes", aliases: ["remove"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all volumes") var all = false
    @Flag(name: [.short, .long], help: "Remove a volume by force, even if it is being used") var force = false
    @Option(name: [.short, .long], help: "Seconds to wait before forcibly stopping containers that use the volume") var time: Int?
    @Argument(help: "Volumes") var names: [String] = []

    func validate() throws {
        if all == !names.isEmpty { throw ValidationError(all ? "when using the --all flag, you may not pass any volume names" : "choose either one or more volumes or all") }
    }

    func run() throws {
        if time != nil { throw EngineError.invalid("--time is not supported yet: volume rm --force does not stop the containers using the volume") }
        let volumes = try global.openStore().volumes
        let targets = all ? try volumes.list().map(\.name) : names
        var failure: EngineError?
        for name in targets {
            do {
                try volumes.remove(name, force: force)
                print(name)
            } catch let error as EngineError {
                if error.kind == .notFound && force { continue }
                if let earlier = failure { printError(earlier.message) }
                failure = error.kind == .notFound ? EngineError(.notFound, error.message, exitCode: 1) : error
            }
        }
        if let failure { throw failure }
    }
}
