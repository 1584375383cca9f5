import Engine
import GoTemplate
import ArgumentParser

/// `berth healthcheck ...`
struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Manage health checks on containers",
        subcommands: [HealthcheckRun.self]
    )
}

/// `berth healthcheck run CTR`: runs the container's healthcheck once and
/// records it; exit 0 when healthy, 1 when not (Podman's statuses). The
/// monitor runs this every `--health-interval`.
struct HealthcheckRun: ParsableCommand {
    // Parsed directly (see BerthCommand.directCommand): the monitor runs it every interval.
    static let configuration = CommandConfiguration(commandName: "run", _superCommandName: "berth", abstract: "Run the health check of a container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "Container") var container: String

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let outcome = try ContainerHealthChecker(manager: manager).run(container)
        switch outcome {
        case .healthy: return
        case .starting:
            print("starting")
            throw ExitCode(1)
        case .unhealthy:
            print("unhealthy")
            throw ExitCode(1)
        }
    }
}
