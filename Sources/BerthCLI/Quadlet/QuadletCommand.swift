import ArgumentParser

/// `berth quadlet ...`: the Quadlet units systemd knows.
struct QuadletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quadlet",
        abstract: "Inspect Quadlet units",
        subcommands: [QuadletStatusCommand.self]
    )
}
