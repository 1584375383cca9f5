import Foundation

extension ContainerManager {
    /// `top`: `ps -o DESCRIPTORS` over the container's processes (Podman's
    /// default columns when none are given).
    package func top(_ nameOrID: String, descriptors: [String]) throws -> String {
        var c: Container
        do { c = try load(nameOrID) } catch let error as EngineError where error.kind == .notFound {
            throw EngineError(.notFound, "unable to look up requested container: " + error.message, exitCode: error.exitCode)
        }
        try syncExit(&c)
        guard c.isRunning else { throw EngineError(.conflict, "top can only be used on running containers") }
        let columns = descriptors.isEmpty ? ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"] : descriptors
        let pids = try processes(c)
        let ps = try ChildProcess.run(["ps", "-o", columns.joined(separator: ","), "-p", pids.map(String.init).joined(separator: ",")])
        guard ps.status == 0 else { throw EngineError(.invalidArgument, "ps -o \(columns.joined(separator: ",")): \(ps.stderr)") }
        return ps.stdout
    }

    /// The host pids of a running container's processes: from its cgroup
    /// through the runtime, or (without a cgroup of its own) its pid namespace.
    package func processes(_ c: Container) throws -> [Int] {
        if c.config.cgroupsMode == .disabled {
            let pids = CgroupPlacement.pidsSharingNamespace(with: c.state.pid)
            guard !pids.isEmpty else { throw EngineError(.system, "cannot list the processes of \(c.id)") }
            return pids
        }
        let runtime = try currentRuntime(c)
        let listing = try ChildProcess.run([runtime.path] + runtime.globalArguments + ["ps", "--format", "json", c.id])
        guard listing.status == 0 else {
            throw EngineError(.system, "cannot list the processes of \(c.id): \(listing.stderr)")
        }
        let pids: [Int]
        do {
            pids = try JSONDecoder().decode([Int].self, from: Data(listing.stdout.utf8))
        } catch {
            throw EngineError(.system, "cannot list the processes of \(c.id): the runtime's ps printed \(listing.stdout.debugDescription)")
        }
        guard !pids.isEmpty else { throw EngineError(.system, "cannot list the processes of \(c.id): the runtime lists none") }
        return pids
    }
}
