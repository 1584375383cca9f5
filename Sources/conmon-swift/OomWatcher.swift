import CShim

/// Notices the kernel's OOM killer in the container's memory cgroup.
/// cgroup v2: inotify on `memory.events` (`oom_kill` counter);
/// cgroup v1: an eventfd registered through `cgroup.event_control`.
final class OomWatcher {
    private(set) var fd: Int32 = -1
    private var eventsPath = ""
    private var baseline = 0
    private(set) var killed = false

    init(containerPid: Int32) {
        guard let bytes = Sys.readFile("/proc/\(containerPid)/cgroup", limit: 8192) else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        var v2Path: String? = nil
        var v1Path: String? = nil
        for line in text.splitBytes(10) {
            let parts = line.splitBytes(UInt8(ascii: ":"), maxSplits: 2, keepEmpty: true)
            guard parts.count == 3 else { continue }
            if parts[0].equals("0") && parts[1].isEmpty { v2Path = parts[2] }
            for c in parts[1].splitBytes(UInt8(ascii: ",")) where c.equals("memory") { v1Path = parts[2] }
        }
        if let v1 = v1Path, Sys.isDirectory("/sys/fs/cgroup/memory" + v1) {
            watchV1("/sys/fs/cgroup/memory" + v1)
        } else if let v2 = v2Path {
            let dir = Sys.isDirectory("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified" + v2 : "/sys/fs/cgroup" + v2
            watchV2(dir)
        }
    }

    private func watchV2(_ dir: String) {
        eventsPath = dir + "/memory.events"
        guard Sys.readFile(eventsPath) != nil else { return }
        baseline = oomKillCount()
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        if fd >= 0 && eventsPath.withCString({ inotify_add_watch(fd, $0, UInt32(IN_MODIFY)) }) < 0 {
            Sys.close(fd)
            fd = -1
        }
    }

    /// The eventfd also fires when the cgroup is removed, so the kill
    /// counter in `memory.oom_control` decides, as `memory.events` does on v2.
    private func watchV1(_ dir: String) {
        eventsPath = dir + "/memory.oom_control"
        let control = Sys.open(eventsPath, O_RDONLY)
        guard control >= 0 else { return }
        baseline = oomKillCount()
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
