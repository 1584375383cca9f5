import Engine
import GoTemplate
import ArgumentParser

/// `berth load -i FILE`.
struct ImageLoad: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Load image(s) from a tar archive")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Read from specified archive file (default: stdin)") var input: String = "-"
    @Flag(name: [.short, .long], help: "Suppress the output") var quiet = false

    func run() throws {
        let names = try global.openStore().images.load(path: input)
        if !quiet { for name in names { print("Loaded image: " + name) } }
    }
}
