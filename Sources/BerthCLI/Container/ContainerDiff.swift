import Engine
import GoTemplate
import ArgumentParser

/// `berth diff`: what a container changed in its root file system
/// (`A`dded, `C`hanged, `D`eleted), or Podman's JSON with `--format json`.
struct ContainerDiff: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", _superCommandName: "berth", abstract: "Display the changes to the object's file system")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Change the output format (json)") var format: String?
    @Argument(help: "Container") var containers: [String] = []

    func run() throws {
        guard !containers.isEmpty else { throw EngineError.invalid("\"berth diff\" requires a name, id, or the \"--latest\" flag") }
        guard containers.count == 1 else { throw EngineError.invalid("comparing two objects is not supported yet: give one container") }
        if let format, format != "json" { throw EngineError.invalid("only json is supported as a format") }
        let store = try global.openStore()
        let manager = store.containerManager(runtime: global.runtime)
        let changes: [ContainerChange]
        do { changes = try manager.changes(containers[0]) } catch let e as EngineError where e.kind == .notFound {
            if store.images.exists(containers[0]) { throw EngineError.invalid("diff of an image is not supported yet: give a container") }
            throw EngineError.notFound("\(containers[0]) not found: layer not known")
        }
        guard format == "json" else {
            for change in changes { print(change.kind.rawValue + " " + change.path) }
            return
        }
        // Podman's layout: five-space indentation, the three lists in this order.
        func list(_ kind: ContainerChange.Kind) -> [String] { changes.filter { $0.kind == kind }.map(\.path) }
        var sections: [String] = []
        for (key, kind) in [("changed", ContainerChange.Kind.changed), ("added", .added), ("deleted", .deleted)] {
            let paths = list(kind)
            guard !paths.isEmpty else { continue }
            let items = paths.map { path in
                var quoted = ""
                JSONString.append(path, to: &quoted, escapingHTML: true)
                return "          " + quoted
            }
            sections.append("     \"\(key)\": [\n" + items.joined(separator: ",\n") + "\n     ]")
        }
        print(sections.isEmpty ? "{}" : "{\n" + sections.joined(separator: ",\n") + "\n}")
    }
}
