import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth create IMAGE [COMMAND...]`: records a container without starting it.
struct ContainerCreate: ParsableCommand, ContainerCreateCommand {
    static let configuration = CommandConfiguration(commandName: "create", _superCommandName: "berth", abstract: "Create but do not start a container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Container options") var options: ContainerCreateOptions
    @Flag(name: [.short, .long], help: "Suppress output information when pulling images") var quiet = false
    @Argument(parsing: .captureForPassthrough, help: "IMAGE [COMMAND [ARG...]]") var imageAndCommand: [String] = []

    func validate() throws {
        if ["--help", "-h"].contains(imageAndCommand.first) { throw CleanExit.helpRequest(self) }
        try BerthCommand.refuseUnknownFlag(imageAndCommand, verb: "create")
        if imageAndCommand.isEmpty { throw ValidationError("create requires at least 1 argument: the image") }
    }

    func run() throws {
        let c = try ContainerCreate.create(global: global, options: options, imageAndCommand: imageAndCommand, verb: "create", quiet: quiet)
        print(c.id)
    }

    static func create(global: GlobalOptions, options: ContainerCreateOptions, imageAndCommand: [String], verb: String,
                       quiet: Bool, store: Store? = nil) throws -> Container {
        let store = try store ?? global.openStore()
        let manager = store.containerManager(runtime: global.runtime)
        var args = imageAndCommand
        if args.first == "--" { args.removeFirst() }
        guard let image = args.first else { throw EngineError.invalid("\(verb) requires an image") }
        let spec = try options.spec(image: image, command: Array(args.dropFirst()), runtime: global.runtime,
                                    createCommand: CommandLine.arguments)
        if let cidfile = options.cidfile, FileSystem.exists(cidfile) {
            throw EngineError(.conflict, "container id file exists. Ensure another container is not using it or delete \(cidfile)")
        }
        let c = try manager.create(spec, pull: try options.pullOptions(quiet: quiet))
        if let cidfile = options.cidfile {
            try FileSystem.writeFileAtomically(cidfile, Data(c.id.utf8))
        }
        return c
    }
}
