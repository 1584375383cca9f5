import Engine
import ArgumentParser

/// `berth artifact extract NAME TARGET`.
struct ArtifactExtract: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extract", abstract: "Extract an OCI artifact to a local path")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Only extract the blob with the given digest") var digest: String?
    @Option(help: "Only extract the blob with the given title") var title: String?
    @Argument(help: "Artifact") var name: String
    @Argument(help: "Target file or directory") var target: String

    func validate() throws {
        if digest != nil && title != nil { throw ValidationError("--digest and --title cannot be used together") }
    }

    func run() throws {
        try global.openStore().artifacts.extract(name, to: target, digest: digest, title: title)
    }
}
