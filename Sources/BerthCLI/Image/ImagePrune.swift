import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth image prune`: dangling images, or with `-a` all unused ones.
struct ImagePrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove unused images")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all images not in use by containers, not just dangling ones") var all = false
    @Flag(name: [.short, .long], help: "Do not prompt for confirmation") var force = false
    @Option(help: "Provide filter values") var filter: [String] = []

    func run() throws {
        if !filter.isEmpty { throw EngineError.invalid("--filter is not supported yet: prune removes every dangling (with --all, unused) image") }
        if !force {
            FileHandleOutput.standardError(all
                ? "WARNING! This command removes all images without at least one container associated with them."
                : "WARNING! This command removes all dangling images.")
            FileHandleOutput.standardError("Are you sure you want to continue? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { return }
        }
        for id in try global.openStore().images.prune(all: all) { print(id) }
    }
}
