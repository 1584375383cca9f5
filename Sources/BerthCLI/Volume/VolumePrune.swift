import Engine
import GoTemplate
import ArgumentParser

/// `berth volume prune`: every volume nothing uses.
struct VolumePrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove all unused volumes")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Do not prompt for confirmation") var force = false
    @Option(help: "Provide filter values (label=)") var filter: [String] = []

    func run() throws {
        if !force {
            FileHandleOutput.standardError("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:")
            FileHandleOutput.standardError("Are you sure you want to continue? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { return }
        }
        let labels = filter.filter { $0.hasPrefix("label=") }.map { String($0.dropFirst(6)) }
        for name in try global.openStore().volumes.prune(labels: labels) { print(name) }
    }
}
