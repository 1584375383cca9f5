import Engine
import GoTemplate
import ArgumentParser

/// `berth mount [CONTAINER...]`: mounts and prints the root filesystem;
/// without arguments lists mounted containers.
struct ContainerMountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mount", abstract: "Mount a working container's root filesystem")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: .customLong("no-trunc"), help: "Do not truncate output") var noTrunc = false
    @Option(help: "Print the mounted containers in specified format (json)") var format: String?
    @Argument(help: "Containers") var containers: [String] = []

    struct Mounted: Encodable { var id: String; var Names: [String]; var mountpoint: String }

    func run() throws {
        let storage = try global.openStore().containers
        if containers.isEmpty {
            let mounted = try storage.mounted()
            if format == "json" {
                try OutputFormat.printJSON(mounted.map { Mounted(id: $0.0.id, Names: [$0.0.name], mountpoint: $0.1) })
            } else {
                OutputFormat.printTable(header: nil, rows: mounted.map { [noTrunc ? $0.0.id : String($0.0.id.prefix(12)), $0.1] })
            }
            return
        }
        for container in containers { print(try storage.mount(container)) }
    }
}
