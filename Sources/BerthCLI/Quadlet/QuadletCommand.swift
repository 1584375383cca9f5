import ArgumentParser

/// `berth quadlet ...`: install, list, print and remove Quadlet files, and
/// the units systemd made of them.
struct QuadletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quadlet",
        abstract: "Manage Quadlet units",
        subcommands: [QuadletInstall.self, QuadletList.self, QuadletPrint.self, QuadletRemove.self, QuadletStatusCommand.self, QuadletConvert.self]
    )
}
