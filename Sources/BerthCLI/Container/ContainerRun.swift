import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `berth run`: create and start a container; in the foreground, stream its
/// output and exit with its exit code.
struct ContainerRun: ParsableCommand, ContainerCreateCommand {
    static let configuration = CommandConfiguration(commandName: "run", _superCommandName: "berth", abstract: "Run a command in a new container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Container options") var options: ContainerCreateOptions
    @Flag(name: [.short, .long], help: "Run container in background and print container ID") var detach = false
    @OptionGroup var attachOptions: AttachOptions
    @Option(name: [.short, .long], help: "Attach to STDIN, STDOUT or STDERR") var attach: [String] = []
    @Flag(name: [.short, .long], help: "Suppress output information when pulling images") var quiet = false
    @Argument(parsing: .captureForPassthrough, help: "IMAGE [COMMAND [ARG...]]") var imageAndCommand: [String] = []

    func validate() throws {
        if ["--help", "-h"].contains(imageAndCommand.first) { throw CleanExit.helpRequest(self) }
        try BerthCommand.refuseUnknownFlag(imageAndCommand, verb: "run")
        if imageAndCommand.isEmpty { throw ValidationError("run requires at least 1 argument: the image") }
    }

    func run() throws {
        let controls = try attachOptions.controls()
        let store = try global.openStore()
        let c = try ContainerCreate.create(global: global, options: options, imageAndCommand: imageAndCommand, verb: "run", quiet: quiet, store: store)
        let manager = store.containerManager(runtime: global.runtime)
        if detach {
            let started: ContainerManager.Started
            do { started = try manager.start(c.id) } catch {
                if options.rm { try? manager.remove(c.id, force: true, timeout: 0, volumes: true) }
                throw error
            }
            try ContainerNotify.afterStart(started.container, manager: manager)
            print(c.id)
            return
        }
        ContainerAttachSession.becomeSubreaper()
        let started: ContainerManager.Started
        do { started = try manager.start(c.id, attach: true) } catch {
            if options.rm { try? manager.remove(c.id, force: true, timeout: 0, volumes: true) }
            throw error
        }
        try ContainerNotify.afterStart(started.container, manager: manager)
        switch try ContainerAttachSession.foreground(started, manager: manager, interactive: options.interactive, controls: controls) {
        case .exited(let code):
            if options.rm { try? manager.remove(c.id, force: true, timeout: 0, volumes: true) }
            throw ExitCode(code)
        // It runs on; with --rm its monitor's cleanup removes it when it exits.
        case .detached: return
        }
    }
}
