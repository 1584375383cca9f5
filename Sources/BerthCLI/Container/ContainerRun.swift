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
    @Option(name: .customLong("preserve-fds"), help: "Pass a number of additional file descriptors into the container") var preserveFds: UInt = 0
    @Argument(parsing: .captureForPassthrough, help: "IMAGE [COMMAND [ARG...]]") var imageAndCommand: [String] = []

    func validate() throws {
        if ["--help", "-h"].contains(imageAndCommand.first) { throw CleanExit.helpRequest(self) }
        try BerthCommand.refuseUnknownFlag(imageAndCommand, verb: "run")
        if imageAndCommand.isEmpty { throw ValidationError("run requires at least 1 argument: the image") }
    }

    func run() throws {
        let controls = try attachOptions.controls()
        // Checked before berth opens anything that could take those numbers.
        let preserved = try ContainerRun.checkPreservedFds(preserveFds)
        let store = try global.openStore()
        let c = try ContainerCreate.create(global: global, options: options, imageAndCommand: imageAndCommand, verb: "run", quiet: quiet, store: store)
        let manager = store.containerManager(runtime: global.runtime)
        if detach {
            let started: ContainerManager.Started
            do { started = try manager.start(c.id, preserveFds: preserved) } catch {
                if options.rm { try? manager.remove(c.id, force: true, timeout: 0, volumes: true) }
                throw error
            }
            try ContainerNotify.afterStart(started.container, manager: manager)
            print(c.id)
            return
        }
        ContainerAttachSession.becomeSubreaper()
        let started: ContainerManager.Started
        do { started = try manager.start(c.id, attach: true, preserveFds: preserved) } catch {
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

    /// fds 3..<3+N must all be open, as in Podman.
    static func checkPreservedFds(_ count: UInt) throws -> Int32 {
        guard count > 0 else { return 0 }
        guard count <= 1024 else { throw ValidationError("invalid --preserve-fds \(count): at most 1024") }
        for fd in Int32(3)..<Int32(3 + count) where fcntl(fd, F_GETFD) < 0 {
            throw EngineError.invalid("file descriptor \(fd) is not available - the preserve-fds option requires that all file descriptors must be open")
        }
        return Int32(count)
    }
}
