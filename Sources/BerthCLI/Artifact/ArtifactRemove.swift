import Engine
import ArgumentParser

/// `berth artifact rm`: `Deleted: DIGEST` for each removed artifact.
struct ArtifactRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove an OCI artifact", aliases: ["remove"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all artifacts") var all = false
    @Flag(name: [.short, .long], help: "Ignore errors when an artifact does not exist") var ignore = false
    @Argument(help: "Artifacts") var names: [String] = []

    func validate() throws {
        if all == !names.isEmpty { throw ValidationError("`berth artifact rm` requires one argument, or the --all flag") }
    }

    func run() throws {
        let artifacts = try global.openStore().artifacts
        if all {
            for digest in try artifacts.removeAll() { print("Deleted: " + digest.hex) }
            return
        }
        var failure: EngineError?
        for name in names {
            do { print("Deleted: " + (try artifacts.remove(name)).hex) } catch let error as EngineError {
                if error.kind == .notFound && ignore { continue }
                if let earlier = failure { printError(earlier.message) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
