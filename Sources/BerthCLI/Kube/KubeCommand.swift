import Engine
import ArgumentParser

/// `berth kube ...`: parsed with Podman's flags (the generator writes them
/// for `.kube` units); Kubernetes YAML arrives with its own issue.
struct KubeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube",
        abstract: "Play containers, pods or volumes from a structured file",
        subcommands: [KubePlay.self, KubeDown.self]
    )

    static func notYet(_ verb: String) -> EngineError {
        EngineError.invalid("kube \(verb) is not supported yet: Kubernetes YAML arrives after pods")
    }
}
