#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One reading of a container's resource counters: its cgroup (cgroup v2,
/// or the v1 hierarchies of a legacy or hybrid host) and its network
/// namespace. Found through `/proc/PID/cgroup` of the container's init, so
/// any `--cgroup-parent` or systemd placement is read where it really is.
package struct CgroupCounters: Equatable, Sendable {
    /// CPU time used by the cgroup, in total and in the kernel.
    package var cpuNanos: UInt64 = 0
    package var cpuSystemNanos: UInt64 = 0
    package var perCPUNanos: [UInt64] = []
    package var memoryUsage: UInt64 = 0
    package var blockRead: UInt64 = 0
    package var blockWritten: UInt64 = 0
    package var pids: UInt64 = 0
    package var networkReceived: UInt64 = 0
    package var networkSent: UInt64 = 0

    package init() {}

    /// The counters of the cgroup `pid` is in; nil when the process is gone
    /// (the container exited since it was listed). `hostNetwork`: the
    /// process shares the host's network namespace, whose traffic is not
    /// the container's (counted as none, as Podman does).
    /// `mounts`: the cgroup hierarchies (`CgroupPlacement.hierarchyMounts()`, read once for many containers).
    static func read(pid: Int32, hostNetwork: Bool, mounts: [CgroupPlacement.HierarchyMount]) throws -> CgroupCounters? {
        guard pid > 0, let cgroups = try text("/proc/\(pid)/cgroup") else { return nil }
        let memberships = CgroupPlacement.parseMemberships(cgroups)
        var counters = CgroupCounters()
        if CgroupInfo.isUnified {
            guard let v2 = memberships.first(where: { $0.hierarchy == "0" && $0.controllers.isEmpty }),
                  let dir = CgroupPlacement.directory(for: v2, path: v2.path, mounts: mounts) else { return nil }
            try counters.readUnified(dir)
        } else {
            func dir(_ controller: String) -> String? {
                guard let m = memberships.first(where: { $0.controllers.split(separator: ",").contains(Substring(controller)) }) else { return nil }
                return CgroupPlacement.directory(for: m, path: m.path, mounts: mounts)
            }
            try counters.readLegacy(cpuacct: dir("cpuacct"), memory: dir("memory"), blkio: dir("blkio"), pids: dir("pids"))
        }
        if !hostNetwork, let dev = try text("/proc/\(pid)/net/dev") {
            (counters.networkReceived, counters.networkSent) = Self.networkBytes(dev)
        }
        return counters
    }

    private mutating func readUnified(_ dir: String) throws {
        if let stat = try Self.text(dir + "/cpu.stat") {
            let fields = Self.keyed(stat)
            cpuNanos = (fields["usage_usec"] ?? 0) &* 1000
            cpuSystemNanos = (fields["system_usec"] ?? 0) &* 1000
        }
        memoryUsage = try Self.number(dir + "/memory.current") ?? 0
        pids = try Self.number(dir + "/pids.current") ?? 0
        if let io = try Self.text(dir + "/io.stat") {
            for line in io.split(separator: "\n") {
                for field in line.split(separator: " ").dropFirst() {
                    let kv = field.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, let value = UInt64(kv[1]) else { continue }
                    if kv[0] == "rbytes" { blockRead &+= value } else if kv[0] == "wbytes" { blockWritten &+= value }
                }
            }
        }
    }

    private mutating func readLegacy(cpuacct: String?, memory: String?, blkio: String?, pids pidsDir: String?) throws {
        if let cpuacct {
            cpuNanos = try Self.number(cpuacct + "/cpuacct.usage") ?? 0
            if let perCPU = try Self.text(cpuacct + "/cpuacct.usage_percpu") {
                perCPUNanos = perCPU.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt64($0) }
            }
            if let stat = try Self.text(cpuacct + "/cpuacct.stat") {
                // In USER_HZ ticks.
                let hz = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
                cpuSystemNanos = (Self.keyed(stat)["system"] ?? 0) &* (1_000_000_000 / hz)
            }
        }
        if let memory { memoryUsage = try Self.number(memory + "/memory.usage_in_bytes") ?? 0 }
        if let pidsDir { pids = try Self.number(pidsDir + "/pids.current") ?? 0 }
        if let blkio {
            // The throttle file counts I/O on every kernel; the CFQ one only with that scheduler.
            for file in ["blkio.io_service_bytes_recursive", "blkio.throttle.io_service_bytes_recursive"] {
                guard let text = try Self.text(blkio + "/" + file) else { continue }
                var read: UInt64 = 0, written: UInt64 = 0
                for line in text.split(separator: "\n") {
                    let f = line.split(separator: " ")
                    guard f.count == 3, let value = UInt64(f[2]) else { continue }
                    if f[1] == "Read" { read &+= value } else if f[1] == "Write" { written &+= value }
                }
                if read > 0 || written > 0 { (blockRead, blockWritten) = (read, written); break }
            }
        }
    }

    /// Received and sent bytes over every interface but loopback, from
    /// `/proc/PID/net/dev` (which shows the process's network namespace).
    package static func networkBytes(_ dev: String) -> (received: UInt64, sent: UInt64) {
        var received: UInt64 = 0, sent: UInt64 = 0
        for line in dev.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let fields = line[line.index(after: colon)...].split(separator: " ").compactMap { UInt64($0) }
            guard name != "lo", fields.count >= 9 else { continue }
            received &+= fields[0]
            sent &+= fields[8]
        }
        return (received, sent)
    }

    /// `key value` lines (cpu.stat, cpuacct.stat).
    static func keyed(_ text: String) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 2, let value = UInt64(f[1]) { result[String(f[0])] = value }
        }
        return result
    }

    /// A file's text; nil when it (or the cgroup, or the process) is gone.
    static func text(_ path: String) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ESRCH || errno == ENODEV { return nil }
            throw EngineError.system("open \(path)", errno)
        }
        defer { close(fd) }
        return String(decoding: try FileSystem.readAll(fd, path: path), as: UTF8.self)
    }

    static func number(_ path: String) throws -> UInt64? {
        try text(path).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
