import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth image tree`: Podman's text tree of an image's layers.
struct ImageTreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tree", abstract: "Prints layer hierarchy of an image in a tree format")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: .long, help: "Show all child images and layers of the specified image") var whatrequires = false
    @Argument(help: "Image") var images: [String] = []

    func run() throws {
        guard images.count == 1 else { throw EngineError.invalid("accepts 1 arg(s), received \(images.count)") }
        if whatrequires { throw EngineError.invalid("--whatrequires is not supported yet: berth does not index the layers that depend on an image") }
        let tree = try global.openStore().images.tree(images[0])
        var text = "Image ID: \(tree.id.prefix(12))\n"
        text += "Tags:     [\(tree.names.joined(separator: " "))]\n"
        text += "Size:     \(Self.size(tree.size))\n"
        text += tree.layers.isEmpty ? "No Image Layers\n" : "Image Layers\n"
        for (index, layer) in tree.layers.enumerated() {
            let branch = index == tree.layers.count - 1 ? "└── " : "├── "
            let size = Self.size(layer.size)
            let padded = String(repeating: " ", count: max(0, 7 - size.count)) + size
            let tags = layer.topLayerOf.isEmpty ? "" : " Top Layer of: [\(layer.topLayerOf.joined(separator: " "))]"
            text += branch + "ID: \(layer.id.prefix(12)) Size: \(padded)\(tags)\n"
        }
        print(text)
    }

    /// Go's `units.HumanSize`: decimal units, four significant digits, no space.
    static func size(_ bytes: Int64) -> String { StatsUnits.humanSize(Double(bytes)) }
}
