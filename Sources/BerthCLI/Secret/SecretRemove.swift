import Engine
import ArgumentParser

/// `berth secret rm`: prints each removed secret's ID.
struct SecretRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more secrets", aliases: ["remove"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all secrets") var all = false
    @Flag(name: [.short, .long], help: "Ignore errors when a specified secret is missing") var ignore = false
    @Argument(help: "Secrets") var names: [String] = []

    func validate() throws {
        if all == !names.isEmpty { throw ValidationError("`berth secret rm` requires one argument, or the --all flag") }
    }

    func run() throws {
        let secrets = try global.openStore().secrets
        let targets = all ? try secrets.list().map(\.id) : names
        var failure: EngineError?
        for name in targets {
            do {
                print(try secrets.remove(name))
            } catch let error as EngineError {
                if error.kind == .notFound && ignore { continue }
                if let earlier = failure { printError(earlier.message) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
