import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth attach`: streams a running container's output (and stdin with
/// --no-stdin unset) until it exits.
struct ContainerAttach: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach to a running container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: .customLong("no-stdin"), help: "Do not attach STDIN") var noStdin = false
    @Option(name: .customLong("detach-keys"), help: ArgumentHelp(visibility: .hidden)) var detachKeys: String?
    @Option(name: .customLong("sig-proxy"), help: ArgumentHelp(visibility: .hidden)) var sigProxy: Bool = true
    @Argument(help: "Container") var container: String

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var c = try manager.load(container)
        try manager.syncExit(&c)
        guard c.isRunning else {
            throw EngineError(.conflict, "you can only attach to running containers")
        }
        let fd = manager.connectAttach(manager.bundle(c.id))
        if fd < 0 { throw EngineError.system("cannot attach to container \(c.id)", errno) }
        let terminal = TerminalSession(container: c, bundle: manager.bundle(c.id), interactive: !noStdin && c.config.interactive)
        ContainerAttachSession.pump(fd, forwardStdin: !noStdin && c.config.interactive, terminal: terminal)
        terminal?.end()
        close(fd)
        _ = try manager.waitForExit(&c, timeout: nil)
        throw ExitCode(c.state.exitCode)
    }
}
