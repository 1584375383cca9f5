import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth top`: the container's processes, as `ps` shows them.
struct ContainerTop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes of a container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "CONTAINER [FORMAT-DESCRIPTORS]") var arguments: [String] = []

    func run() throws {
        guard let name = arguments.first else { throw EngineError.invalid("top requires a container") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var c: Container
        do { c = try manager.load(name) } catch let e as EngineError where e.kind == .notFound {
            throw EngineError.notFound("unable to look up requested container: " + e.message)
        }
        try manager.syncExit(&c)
        guard c.isRunning else { throw EngineError(.conflict, "top can only be used on running containers") }
        let pids: [Int]
        if c.config.cgroupsMode == .disabled {
            // No cgroup to ask: the processes of the container's pid namespace.
            pids = CgroupPlacement.pidsSharingNamespace(with: c.state.pid)
            guard !pids.isEmpty else { throw EngineError(.system, "cannot list the processes of \(c.id)") }
        } else {
            let runtime = try manager.currentRuntime(c)
            let listing = try ChildProcess.run([runtime.path] + runtime.globalArguments + ["ps", "--format", "json", c.id])
            guard listing.status == 0, let listed = try? JSONDecoder().decode([Int].self, from: Data(listing.stdout.utf8)), !listed.isEmpty else {
                throw EngineError(.system, "cannot list the processes of \(c.id): \(listing.stderr)")
            }
            pids = listed
        }
        let descriptors = arguments.count > 1 ? Array(arguments.dropFirst()) : ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"]
        let ps = try ChildProcess.run(["ps", "-o", descriptors.joined(separator: ","), "-p", pids.map(String.init).joined(separator: ",")])
        print(ps.stdout, terminator: "")
    }
}
