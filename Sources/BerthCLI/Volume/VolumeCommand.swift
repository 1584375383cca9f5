import Engine
import GoTemplate
import ArgumentParser

/// `berth volume ...`
struct VolumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume",
        abstract: "Manage volumes",
        subcommands: [VolumeCreate.self, VolumeList.self, VolumeInspect.self, VolumeRemove.self, VolumeExists.self, VolumePrune.self]
    )
}
