#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `info` reports about the machine, read from the kernel's files
/// (no helper programs: `info` must stay fast).
enum HostFacts {
    /// The kernel's machine name in Go's words (`amd64`, `arm64`, ...).
    static var goArch: String {
        let machine = uname().machine
        let names = ["x86_64": "amd64", "aarch64": "arm64", "i686": "386", "i386": "386", "armv7l": "arm", "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64"]
        return names[machine] ?? machine
    }

    static func uname() -> (machine: String, release: String, hostname: String) {
        var u = utsname()
        guard Glibc.uname(&u) == 0 else { return ("", "", "") }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return (text(u.machine), text(u.release), text(u.nodename))
    }

    /// `/proc/meminfo` fields in bytes (`MemTotal`, `MemFree`, `SwapTotal`, `SwapFree`).
    static func memory() throws -> [String: Int64] {
        let text = String(decoding: try FileSystem.readFile("/proc/meminfo"), as: UTF8.self)
        var values: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
            guard parts.count >= 2, let kib = Int64(parts[1]) else { continue }
            values[String(parts[0])] = kib * 1024
        }
        return values
    }

    /// Podman's uptime text: `1h 25m 12.00s (Approximately 0.04 days)`.
    static func uptime() throws -> String {
        let text = String(decoding: try FileSystem.readFile("/proc/uptime"), as: UTF8.self)
        guard let seconds = text.split(separator: " ").first.flatMap({ Double($0) }) else {
            throw EngineError(.system, "cannot read the uptime from /proc/uptime: \(text.debugDescription)")
        }
        let hours = Int(seconds / 3600)
        let minutes = Int((seconds - Double(hours * 3600)) / 60)
        let rest = String(format: "%.2fs", seconds - Double(hours * 3600 + minutes * 60))
        if hours > 0 { return "\(hours)h \(minutes)m \(rest) (Approximately \(String(format: "%.2f", Double(hours) / 24)) days)" }
        return minutes > 0 ? "\(minutes)m \(rest)" : rest
    }

    /// `/etc/os-release`'s ID, VERSION_ID and VERSION_CODENAME.
    static func distribution() throws -> SystemInfoReport.Distribution {
        var fields: [String: String] = [:]
        if let data = try readIfPresent("/etc/os-release") {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<eq])] = line[line.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        return SystemInfoReport.Distribution(distribution: fields["ID"] ?? "unknown", version: fields["VERSION_ID"] ?? "unknown", codename: fields["VERSION_CODENAME"])
    }

    /// The cgroup controllers containers can use: the root's
    /// `cgroup.controllers` on v2, the mounted hierarchies on v1.
    static func cgroupControllers(unified: Bool) throws -> [String] {
        if unified {
            let text = String(decoding: try FileSystem.readFile("/sys/fs/cgroup/cgroup.controllers"), as: UTF8.self)
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        }
        let known = ["cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc"]
        return known.filter { FileSystem.isDirectory("/sys/fs/cgroup/" + $0) }
    }

    /// The Debian package that ships `path` (`runc_1.1.5+ds1-1_amd64`), from
    /// dpkg's database as `dpkg-query` would print it; `Unknown` elsewhere.
    static func package(of path: String) throws -> String {
        let name = (path as NSString).lastPathComponent
        guard let list = try readIfPresent("/var/lib/dpkg/info/\(name).list"),
              String(decoding: list, as: UTF8.self).split(separator: "\n").contains(where: { $0 == path || "/usr" + $0 == path || $0 == "/usr" + path }),
              let status = try readIfPresent("/var/lib/dpkg/status") else { return "Unknown" }
        let text = String(decoding: status, as: UTF8.self)
        guard let start = text.range(of: "Package: \(name)\n") else { return "Unknown" }
        let stanza = text[start.upperBound...]
        let end = stanza.range(of: "\n\n")?.lowerBound ?? stanza.endIndex
        var version = "", arch = ""
        for line in stanza[..<end].split(separator: "\n") {
            if line.hasPrefix("Version: ") { version = String(line.dropFirst(9)) }
            if line.hasPrefix("Architecture: ") { arch = String(line.dropFirst(14)) }
        }
        return version.isEmpty ? "Unknown" : "\(name)_\(version)_\(arch)"
    }

    /// `/etc/subuid` or `/etc/subgid` ranges of the current user, as
    /// rootless containers map them (0 is the user, 1... the range).
    static func idMappings(file: String, id: UInt32, user: String) throws -> [SystemInfoReport.IDMap]? {
        guard let data = try readIfPresent(file) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 3, parts[0] == user || parts[0] == String(id), let start = Int(parts[1]), let size = Int(parts[2]) else { continue }
            return [SystemInfoReport.IDMap(containerID: 0, hostID: Int(id), size: 1), SystemInfoReport.IDMap(containerID: 1, hostID: start, size: size)]
        }
        return nil
    }

    /// Bytes of the file system under `path`: (total, used).
    static func fileSystemSpace(_ path: String) throws -> (UInt64, UInt64) {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { throw EngineError.system("statvfs \(path)", errno) }
        let size = UInt64(s.f_frsize)
        return (UInt64(s.f_blocks) * size, (UInt64(s.f_blocks) - UInt64(s.f_bfree)) * size)
    }

    /// The first line of a small kernel file, nil when it does not exist.
    static func firstLine(_ path: String) throws -> String? {
        guard let data = try readIfPresent(path) else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init)
    }

    /// The kernel was built with seccomp: `/proc/self/status` has its line.
    static func kernelHasSeccomp() throws -> Bool {
        String(decoding: try FileSystem.readFile("/proc/self/status"), as: UTF8.self).contains("\nSeccomp:")
    }

    /// A file's bytes, nil when it does not exist (any other failure is reported).
    private static func readIfPresent(_ path: String) throws -> Data? {
        FileSystem.exists(path) ? try FileSystem.readFile(path) : nil
    }
}
