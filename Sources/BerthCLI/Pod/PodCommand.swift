import Engine
import ArgumentParser

/// `berth pod ...`: parsed with Podman's flags (the generator writes them
/// for `.pod` units); pods themselves arrive with bridge networks, so each
/// verb refuses clearly until then.
struct PodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod",
        abstract: "Manage pods",
        subcommands: [PodCreate.self, PodStart.self, PodStop.self, PodRemove.self]
    )

    static func notYet(_ verb: String) -> EngineError {
        EngineError.invalid("pod \(verb) is not supported yet: pods arrive with bridge networks")
    }
}
