import Engine
import GoTemplate
import ArgumentParser

/// `berth tag SOURCE TARGET...`
struct ImageTag: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Add an additional name to a local image")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Image") var image: String
    @Argument(help: "New names") var names: [String] = []

    func validate() throws {
        if names.isEmpty { throw ValidationError("at least two arguments are required") }
    }

    func run() throws {
        try global.openStore().images.tag(image, names: names)
    }
}
