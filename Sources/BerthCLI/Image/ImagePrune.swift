import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth image prune`: dangling images, or with `-a` all unused ones; with
/// `--filter` only those matching.
struct ImagePrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove unused images")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all images not in use by containers, not just dangling ones") var all = false
    @Flag(name: [.short, .long], help: "Do not prompt for confirmation") var force = false
    @Option(help: "Provide filter values (until=, label=, label!=; and those of images --filter)") var filter: [String] = []

    func run() throws {
        let filters = try ImageFilter(filter)
        if !force {
            FileHandleOutput.standardError(all
                ? "WARNING! This command removes all images without at least one container associated with them."
                : "WARNING! This command removes all dangling images.")
            FileHandleOutput.standardError("Are you sure you want to continue? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { return }
        }
        for id in try global.openStore().images.prune(all: all, filter: filters) { print(id) }
    }
}
