import Engine
import GoTemplate
import ArgumentParser

/// `berth network ...`
struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Manage networks",
        subcommands: [NetworkCreate.self, NetworkList.self, NetworkInspect.self, NetworkRemove.self, NetworkExists.self,
                      NetworkPrune.self, NetworkReload.self, NetworkConnect.self, NetworkDisconnect.self]
    )
}
