import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth exec`: runs a process in a running container through the runtime.
struct ContainerExec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a process in a running container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Keep STDIN open even if not attached") var interactive = false
    @Flag(name: [.short, .long], help: "Allocate a pseudo-TTY") var tty = false
    @Flag(name: [.short, .long], help: "Run the exec session in detached mode (backgrounded)") var detach = false
    @Option(name: [.short, .long], help: "Set environment variables") var env: [String] = []
    @Option(name: .customLong("env-file"), help: "Read in a file of environment variables") var envFile: [String] = []
    @Option(name: [.short, .long], help: "Sets the username or UID used and optionally the groupname or GID for the specified command") var user: String?
    @Option(name: [.short, .long], help: "Working directory inside the container") var workdir: String?
    @Flag(help: "Give the process extended privileges (all capabilities)") var privileged = false
    @Argument(parsing: .captureForPassthrough, help: "CONTAINER COMMAND [ARG...]") var containerAndCommand: [String] = []
package 
    func validate() throws {
        if ["--help", "-h"].contains(containerAndCommand.first) { throw CleanExit.helpRequest(self) }
        try BerthCommand.refuseUnknownFlag(containerAndCommand, verb: "exec")
    }

    func run() throws {
        var args = containerAndCommand
        if args.first == "--" { args.removeFirst() }
        guard args.count >= 2 else { throw EngineError.invalid("exec requires the name or ID of a container and a command") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var c = try manager.load(args[0])
        try manager.syncExit(&c)
        var environment = env
        for file in envFile {
            guard let data = try? FileSystem.readFile(file) else { throw EngineError.notFound("\(file): no such env file") }
            environment += String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
        }
        let status = try ContainerExecRunner.run(c, manager: manager, args: Array(args.dropFirst()), env: environment, user: user,
                                                 workdir: workdir, interactive: interactive, tty: tty, detach: detach, privileged: privileged)
        throw ExitCode(status)
    }
}
