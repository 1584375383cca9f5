import Engine
import ArgumentParser

/// `berth artifact add NAME FILE...`: prints the new manifest's digest.
struct ArtifactAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an OCI artifact to the local store")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Use type to describe an artifact") var type: String?
    @Option(help: "Add an annotation to the files (KEY=VALUE)") var annotation: [String] = []
    @Option(name: .customLong("file-type"), help: "Set the media type of the files instead of detecting it") var fileType: String?
    @Flag(name: [.short, .long], help: "Add the files to an existing artifact") var append = false
    @Flag(help: "Replace an existing artifact of that name") var replace = false
    @Argument(help: "Artifact name") var name: String
    @Argument(help: "Files") var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("requires at least 2 arg(s), only received 1") }
    }

    func run() throws {
        var options = ArtifactAddOptions()
        options.artifactType = type
        options.fileType = fileType
        options.append = append
        options.replace = replace
        for item in annotation {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw EngineError.invalid("annotation \(item.debugDescription) must be formatted KEY=VALUE")
            }
            options.annotations[String(parts[0])] = String(parts[1])
        }
        print(try global.openStore().artifacts.add(name, files: files, options: options).hex)
    }
}
