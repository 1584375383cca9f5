import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth wait`: blocks until containers stop, prints their exit codes.
struct ContainerWait: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait", abstract: "Block on one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Condition to wait on (stopped, exited)") var condition: [String] = []
    @Option(name: [.short, .long], help: "Time interval to wait before polling for completion") var interval: String = "250ms"
    @Flag(name: .long, help: "Ignore if a container does not exist") var ignore = false
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "Containers") var containers: [String] = []

    func validate() throws {
        // Only the conditions that mean "has stopped" are waited for here.
        if let other = condition.first(where: { !["stopped", "exited"].contains($0) }) {
            throw ValidationError("condition \"\(other)\" is not supported: only stopped and exited are")
        }
        if containers.isEmpty && !latest { throw ValidationError("you must provide at least one container name or id") }
        if !containers.isEmpty && latest { throw ValidationError("--latest and containers cannot be used together") }
    }

    func run() throws {
        let poll = try Durations.parse(interval)
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var names = containers
        if latest {
            guard let last = try manager.loadAll().last else { throw EngineError.notFound("no containers to wait for") }
            names = [last.id]
        }
        for name in names {
            do {
                var c = try manager.load(name)
                // A created container is waited for until it has run and stopped.
                while c.state.status == .created {
                    usleep(useconds_t(min(max(poll, 0.001), 1000) * 1_000_000))
                    c = try manager.load(c.id)
                }
                _ = try manager.waitForExit(&c, timeout: nil)
                print(c.state.exitCode)
            } catch let e as EngineError where e.kind == .notFound && ignore {
                print(-1)
            }
        }
    }
}
