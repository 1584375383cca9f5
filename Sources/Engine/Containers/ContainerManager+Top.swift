import Foundation
import GoTemplate

extension ContainerManager {
    /// `top`: the container's processes as Podman's psgo shows them (pids,
    /// users and ids as the container sees them), aligned as Podman prints
    /// them. Descriptors psgo does not know (`-eo user,pid`) run ps(1) in
    /// the container with the words as given, as Podman falls back to.
    package func top(_ nameOrID: String, descriptors: [String]) throws -> String {
        var c: Container
        do { c = try load(nameOrID) } catch let error as EngineError where error.kind == .notFound {
            throw EngineError(.notFound, "unable to look up requested container: " + error.message, exitCode: error.exitCode)
        }
        try syncExit(&c)
        guard c.isRunning else { throw EngineError(.conflict, "top can only be used on running containers") }
        let words = Self.topDescriptors(descriptors)
        guard ProcessTable.knows(words) else { return try psInContainer(c, descriptors, words: words) }
        let rows = try ProcessTable(hostPIDs: try processes(c)).render(words)
        return TemplateTabWriter().format(rows.joined(separator: "\n") + "\n")
    }

    /// Descriptors as words: separate arguments or comma-separated.
    static func topDescriptors(_ arguments: [String]) -> [String] {
        arguments.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    /// Podman's fallback: `ps ARGS...` run in the container, its own line
    /// left out; when ps fails, psgo's error names the unknown descriptor.
    private func psInContainer(_ c: Container, _ arguments: [String], words: [String]) throws -> String {
        let unknown = EngineError.invalid("'\(words.first { !ProcessTable.knows([$0]) } ?? "")': unknown descriptor")
        let (code, output) = try ContainerHealthChecker(manager: self).execute(c, test: ["ps"] + arguments, timeout: 30)
        guard code == 0 else { throw unknown }
        let own = arguments.joined(separator: " ")
        return output.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(own) }.joined(separator: "\n")
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
