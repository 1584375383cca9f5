import ArgumentParser
import Engine

/// `berth quadlet rm`: removes installed Quadlets (a whole application
/// when one of its files is named).
struct QuadletRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove installed Quadlets", aliases: ["remove"])
    @Flag(name: [.short, .long], help: "Remove every Quadlet installed for this user") var all = false
    @Flag(name: [.short, .long], help: "Stop running Quadlets before removing them") var force = false
    @Flag(name: [.short, .long], help: "Do not fail for Quadlets that are not installed") var ignore = false
    @Flag(inversion: .prefixedNo, help: "Reload systemd after removing") var reloadSystemd = true
    @Argument(help: "Quadlet file names or application names") var names: [String] = []

    func validate() throws {
        if all && !names.isEmpty { throw ValidationError("--all and Quadlet names cannot be used together") }
        if !all && names.isEmpty { throw ValidationError("must provide at least one Quadlet name or --all") }
    }

    func run() throws {
        let manager = QuadletManager.forCurrentProcess()
        let removed = try manager.remove(names, all: all, force: force, ignore: ignore)
        if reloadSystemd && !removed.isEmpty { try manager.reloadSystemd() }
        removed.forEach { print($0) }
    }
}
