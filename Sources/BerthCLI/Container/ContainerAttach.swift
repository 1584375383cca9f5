import Engine
import GoTemplate
import ArgumentParser

/// `berth attach`: streams a running container's output (and stdin with
/// --no-stdin unset) until it exits.
struct ContainerAttach: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach to a running container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: .customLong("no-stdin"), help: "Do not attach STDIN") var noStdin = false
    @OptionGroup var attachOptions: AttachOptions
    @Argument(help: "Container") var container: String

    func run() throws {
        let controls = try attachOptions.controls()
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        switch try ContainerAttachSession.attach(container, manager: manager, stdin: !noStdin, controls: controls) {
        case .exited(let code): throw ExitCode(code)
        // Podman ends the line the session left open.
        case .detached: print("")
        }
    }
}
