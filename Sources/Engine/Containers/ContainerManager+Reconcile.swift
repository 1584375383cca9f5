#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Bringing a container's recorded status in line with what is true: the
/// exit file the monitor writes, the monitor and container processes, the
/// runtime's own state, and reboots. Every command that reads a container
/// goes through here (`load`, `loadAll`, and `syncExit` before acting), so
/// a `berth` killed in the middle of a start or a stop leaves nothing the
/// next command gets wrong.
extension ContainerManager {
    /// Records a running container's exit once its monitor has reported it
    /// (or died, or the machine rebooted), and adopts a run the runtime has
    /// but the record lacks (see `adoptUnrecordedRun`). Returns whether the
    /// container was found to have exited. `holdingLock`: the caller holds
    /// the container's lock (else the adoption takes it, or leaves it to
    /// the process holding it, which is starting the container).
    @discardableResult
    package func syncExit(_ c: inout Container, holdingLock: Bool = false) throws -> Bool {
        guard c.stateReadable else { return false }
        guard c.isRunning else {
            try adoptUnrecordedRun(&c, holdingLock: holdingLock)
            return false
        }
        var code: Int32?
        if let boot = c.state.boot, boot != (try store.bootMarker()) {
            // Nothing survives a reboot; its pids may belong to others now.
            code = 137
        }
        for file in [exitFile(c.id), bundle(c.id) + "/exit"] where code == nil {
            if let data = try FileSystem.readFileIfPresent(file) {
                code = Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        if code == nil {
            // A monitor that died without an exit file: the container is gone too
            // (it was the monitor's child, killed with it) or orphaned.
            guard c.state.monitorPid > 0, !ChildProcess.isAlive(c.state.monitorPid), !FileSystem.exists(exitFile(c.id)),
                  !ChildProcess.isAlive(c.state.pid) else {
                try resumeAfterFailedStop(&c, holdingLock: holdingLock)
                return false
            }
            code = 137
        }
        c.state.status = .exited
        c.state.exitCode = code ?? 0
        c.state.finishedAt = modificationTime(exitFile(c.id)) ?? Timestamp.now()
        c.state.oomKilled = FileSystem.exists(bundle(c.id) + "/oom")
        try save(c)
        store.events.container("died", c, exitCode: c.state.exitCode)
        return true
    }

    /// A container still running but recorded `stopping` by a stop that
    /// failed or was killed (nobody holds its lock) is running again.
    private func resumeAfterFailedStop(_ c: inout Container, holdingLock: Bool) throws {
        guard c.state.status == .stopping else { return }
        if !holdingLock {
            // Held: the stop is still in progress.
            guard let lock = try lock(c.id, wait: false) else { return }
            defer { lock.unlock() }
            c = try loadRecorded(c.id)
            guard c.state.status == .stopping else { return }
        }
        c.state.status = .running
        try save(c)
    }

    /// A start killed after the monitor handed the container to the runtime
    /// but before it recorded the container running leaves a container the
    /// record calls Created (or still Exited from its last run) while the
    /// runtime runs it, or ran it to its end. Podman reconciles with the
    /// runtime the same way: the record takes the runtime's word (Up, with
    /// its pid and monitor), or the exit file's (Exited, with its code).
    func adoptUnrecordedRun(_ c: inout Container, holdingLock: Bool) throws {
        // Only a run newer than the recorded one: the monitor writes the
        // pid file when the runtime has created the container.
        func unrecorded(_ c: Container) -> Double? {
            guard !c.isRunning, let runtime = c.state.heldRuntime, runtime.knows(c.id),
                  let created = modificationTime(bundle(c.id) + "/pidfile"),
                  c.state.status == .created || created > (c.state.finishedAt ?? 0) else { return nil }
            return created
        }
        guard unrecorded(c) != nil else { return }
        var lock: FileLock?
        if !holdingLock {
            // Held: a start or stop is in progress and records the outcome itself.
            guard let own = try self.lock(c.id, wait: false) else { return }
            lock = own
            c = try loadRecorded(c.id)
        }
        defer { lock?.unlock() }
        guard let created = unrecorded(c), let runtime = c.state.heldRuntime, let seen = try runtime.state(c.id) else { return }
        switch seen.status {
        case "running", "paused":
            c.state.status = .running
            c.state.pid = seen.pid
            c.state.monitorPid = try monitorPid(c.id) ?? 0
            c.state.startedAt = created
            c.state.finishedAt = nil
            c.state.exitCode = 0
            c.state.oomKilled = false
        case "stopped":
            let exit = try FileSystem.readFileIfPresent(exitFile(c.id))
            c.state.status = .exited
            c.state.startedAt = created
            c.state.exitCode = exit.flatMap { Int32(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 137
            c.state.finishedAt = modificationTime(exitFile(c.id)) ?? Timestamp.now()
            c.state.oomKilled = FileSystem.exists(bundle(c.id) + "/oom")
        default:
            // "created": the user's process never ran; the next start or
            // removal releases it.
            return
        }
        try save(c)
    }

    /// The live monitor of the container's last start, from its pid file
    /// (nil if it is gone or the pid is now another program's).
    func monitorPid(_ id: String) throws -> Int32? {
        guard let data = try FileSystem.readFileIfPresent(bundle(id) + "/conmon.pid"),
              let pid = Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              // A pid that is gone has no cmdline to read.
              let cmdline = try? FileSystem.readFile("/proc/\(pid)/cmdline") else { return nil }
        let text = String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        return text.contains("conmon-swift") && text.contains(id) ? pid : nil
    }

    func modificationTime(_ path: String) -> Double? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }
}
