import CShim

/// Notices the kernel's OOM killer in the container's memory cgroup.
/// cgroup v2: inotify on `memory.events` (`oom_kill` counter);
/// cgroup v1: an eventfd registered through `cgroup.event_control`.
final class OomWatcher {
    private(set) var fd: Int32 = -1
    private var eventsPath = ""
    private var baseline = 0
    private(set) var killed = false

    /// `startedAlready`: the runtime started the container before this
    /// watcher exists (`--start-container`). An early OOM kill would then be
    /// in the counter already; a cgroup of the container's own (not the
    /// monitor's) was made for it, so every kill counted there is its own.
    init(containerPid: Int32, startedAlready: Bool = false) {
        guard let (v1Path, v2Path) = OomWatcher.memoryCgroups(of: "\(containerPid)") else { return }
        let own = startedAlready ? OomWatcher.memoryCgroups(of: "self") : nil
        var fresh = false
        if startedAlready, let path = v1Path ?? v2Path {
            // Byte comparison: the monitor links no Unicode tables.
            fresh = !(own.flatMap { $0.v1 ?? $0.v2 }.map { $0.equals(path) } ?? false)
        }
        if let v1 = v1Path, Sys.isDirectory("/sys/fs/cgroup/memory" + v1) {
            watchV1("/sys/fs/cgroup/memory" + v1, fresh: fresh)
        } else if let v2 = v2Path {
            let dir = Sys.isDirectory("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified" + v2 : "/sys/fs/cgroup" + v2
            watchV2(dir, fresh: fresh)
        }
    }

    /// The v1 memory and the v2 cgroup paths of `/proc/<pid>/cgroup`.
    private static func memoryCgroups(of pid: String) -> (v1: String?, v2: String?)? {
        guard let bytes = Sys.readFile("/proc/\(pid)/cgroup", limit: 8192) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        var v2Path: String? = nil
        var v1Path: String? = nil
        for line in text.splitBytes(10) {
            let parts = line.splitBytes(UInt8(ascii: ":"), maxSplits: 2, keepEmpty: true)
            guard parts.count == 3 else { continue }
            if parts[0].equals("0") && parts[1].isEmpty { v2Path = parts[2] }
            for c in parts[1].splitBytes(UInt8(ascii: ",")) where c.equals("memory") { v1Path = parts[2] }
        }
        return (v1Path, v2Path)
    }

    private func watchV2(_ dir: String, fresh: Bool) {
        eventsPath = dir + "/memory.events"
        guard Sys.readFile(eventsPath) != nil else { return }
        baseline = fresh ? 0 : oomKillCount()
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        if fd >= 0 && eventsPath.withCString({ inotify_add_watch(fd, $0, UInt32(IN_MODIFY)) }) < 0 {
            Sys.close(fd)
            fd = -1
        }
    }

    /// The eventfd also fires when the cgroup is removed, so the kill
    /// counter in `memory.oom_control` decides, as `memory.events` does on v2.
    private func watchV1(_ dir: String, fresh: Bool) {
        eventsPath = dir + "/memory.oom_control"
        let control = Sys.open(eventsPath, O_RDONLY)
        guard control >= 0 else { return }
        baseline = fresh ? 0 : oomKillCount()
        let efd = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        let registration = Sys.open(dir + "/cgroup.event_control", O_WRONLY)
        if efd >= 0 && registration >= 0 && Sys.writeAll(registration, "\(efd) \(control)") {
            fd = efd
        } else {
            Sys.close(efd)
        }
        Sys.close(registration)
        Sys.close(control)
    }

    private func oomKillCount() -> Int {
        guard let bytes = Sys.readFile(eventsPath) else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).splitBytes(10) where line.startsWith("oom_kill ") {
            return parseInt(line.droppingBytes(9)) ?? 0
        }
        return 0
    }

    /// The watched fd became readable (or the container exited): look again.
    /// The counter decides even when no notification could be set up.
    func check() {
        if fd >= 0 {
            var scratch = [UInt8](repeating: 0, count: 512)
            _ = scratch.withUnsafeMutableBytes { Sys.read(fd, $0.baseAddress!, $0.count) }
        }
        if !eventsPath.isEmpty && oomKillCount() > baseline { killed = true }
    }

    func close() {
        Sys.close(fd)
        fd = -1
    }
}
