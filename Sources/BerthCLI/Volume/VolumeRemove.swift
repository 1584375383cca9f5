import Engine
import GoTemplate
import ArgumentParser

/// `berth volume rm`: a volume containers use only with `--force`, which
/// removes those containers first (stopping them within `--time`).
struct VolumeRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more volumes", aliases: ["remove"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all volumes") var all = false
    @Flag(name: [.short, .long], help: "Remove a volume by force, and the containers using it") var force = false
    @Option(name: [.short, .long], help: "Seconds to wait before forcibly stopping containers that use the volume") var time: Int?
    @Argument(help: "Volumes") var names: [String] = []

    func validate() throws {
        if all == !names.isEmpty { throw ValidationError(all ? "when using the --all flag, you may not pass any volume names" : "choose either one or more volumes or all") }
    }

    func run() throws {
        let store = try global.openStore()
        let manager = store.containerManager(runtime: global.runtime)
        let targets = all ? try store.volumes.list().map(\.name) : names
        var failure: EngineError?
        for name in targets {
            do {
                try manager.removeVolume(name, force: force, timeout: time)
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
