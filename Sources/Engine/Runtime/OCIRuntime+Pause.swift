import Foundation

extension OCIRuntime {
    /// `runtime pause`: freezes every process of the container (cgroup freezer).
    func pause(_ id: String) throws {
        let r = try ChildProcess.run([path] + globalArguments + ["pause", id])
        if r.status != 0 { throw EngineError(.system, "\(name) pause \(id): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }

    /// `runtime resume`: thaws a paused container.
    func resume(_ id: String) throws {
        let r = try ChildProcess.run([path] + globalArguments + ["resume", id])
        if r.status != 0 { throw EngineError(.system, "\(name) resume \(id): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }
}
