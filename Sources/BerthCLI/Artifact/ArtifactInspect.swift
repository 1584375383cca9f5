import Engine
import ArgumentParser

/// `berth artifact inspect NAME`: Podman's JSON (`Manifest`, `Name`, `Digest`).
struct ArtifactInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Inspect an OCI artifact")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Artifact") var name: String

    func run() throws {
        try OutputFormat.printJSON(try global.openStore().artifacts.inspect(name))
    }
}
