import Engine
import GoTemplate
import ArgumentParser

/// `berth system ...`
struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system",
        abstract: "Manage berth",
        subcommands: [SystemInfo.self, SystemRepair.self, SystemDf.self, SystemEvents.self]
    )
}
