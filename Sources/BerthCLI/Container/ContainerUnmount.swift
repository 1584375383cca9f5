import Engine
import GoTemplate
import ArgumentParser

/// `berth unmount` / `umount`.
struct ContainerUnmountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmount", abstract: "Unmount working container's root filesystem", aliases: ["umount"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Unmount all of the currently mounted containers") var all = false
    @Flag(name: [.short, .long], help: "Force the complete unmount of the specified mounted containers") var force = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let storage = try global.openStore().containers
        let targets = all ? try storage.mounted().map(\.0.id) : containers
        for container in targets {
            let record = try storage.lookup(container)
            try storage.unmount(container, force: force || all)
            print(record.id)
        }
    }
}
