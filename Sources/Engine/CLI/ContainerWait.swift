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

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        for name in containers {
            do {
                var c = try manager.load(name)
                // A created container is waited for until it has run and stopped.
                while c.state.status == .created {
                    usleep(50_000)
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
