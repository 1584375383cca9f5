import Engine
import GoTemplate
import ArgumentParser

/// `berth untag IMAGE [NAME...]`: without names, all names go.
struct ImageUntag: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "untag", abstract: "Remove a name from a local image")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Image") var image: String
    @Argument(help: "Names to remove") var names: [String] = []

    func run() throws {
        try global.openStore().images.untag(image, names: names)
    }
}
