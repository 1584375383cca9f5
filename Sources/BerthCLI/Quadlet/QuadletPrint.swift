import ArgumentParser
import Engine

/// `berth quadlet print`: the text of an installed Quadlet.
struct QuadletPrint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print", abstract: "Display the contents of a Quadlet", aliases: ["cat"])
    @Argument(help: "The Quadlet's file name (web.container)") var name: String

    func run() throws {
        print(try QuadletManager.forCurrentProcess().print(name), terminator: "")
    }
}
