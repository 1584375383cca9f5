import Engine
import ArgumentParser
import Foundation

/// `berth commit CONTAINER [IMAGE]`: a new image from the container's
/// changes; prints its ID (progress on standard error unless `-q`).
struct ContainerCommit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "commit", _superCommandName: "berth", abstract: "Create new image based on the changed container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Set the author for the image committed") var author: String?
    @Option(name: [.short, .long], help: "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR") var change: [String] = []
    @Option(name: [.short, .long], help: "Format of the image manifest and metadata") var format: String = "oci"
    @Option(help: "Write the image ID to the file") var iidfile: String?
    @Flag(help: "Include container volumes as image volumes") var includeVolumes = false
    @Option(name: [.short, .long], help: "Set commit message for imported image") var message: String?
    @Flag(name: [.short, .long], help: "Pause container during commit") var pause = false
    @Flag(name: [.short, .long], help: "Suppress output") var quiet = false
    @Flag(name: [.short, .long], help: "squash newly built layers into a single new layer") var squash = false
    @Argument(help: "CONTAINER [IMAGE]") var arguments: [String] = []

    func validate() throws {
        guard (1...2).contains(arguments.count) else { throw ValidationError("requires at least 1 and at most 2 arg(s), only received \(arguments.count)") }
    }

    func run() throws {
        guard format == "oci" || format == "docker" else {
            throw EngineError.invalid("unrecognized image type \"\(format)\"")
        }
        if format == "docker" { throw EngineError.invalid("--format docker is not supported yet: berth commits OCI images") }
        if squash { throw EngineError.invalid("--squash is not supported yet") }
        if includeVolumes { throw EngineError.invalid("--include-volumes is not supported yet") }
        var options = CommitOptions()
        options.author = author
        options.message = message
        options.changes = change
        options.pause = pause
        if !quiet { options.report = { FileHandleOutput.standardError($0) } }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let id = try manager.commit(arguments[0], reference: arguments.count > 1 ? arguments[1] : nil, options: options)
        if let iidfile { try Data(("sha256:" + id).utf8).write(to: URL(fileURLWithPath: iidfile)) }
        print(id)
    }
}
