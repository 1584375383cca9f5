#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Moving processes between cgroups by hand, for the `--cgroups` modes the
/// runtime cannot express: `enabled` puts the monitor in a `conmon` cgroup
/// of its own (Podman's cgroupfs behaviour), `disabled` under runc (which
/// always creates a cgroup) moves the container's init back into the
/// monitor's cgroups before it starts and removes the one runc made.
/// Works on cgroup v1, v2 and hybrid hosts: every hierarchy a process is in
/// (`/proc/PID/cgroup`) is handled at its own mount point.
package enum CgroupPlacement {
    /// One line of `/proc/PID/cgroup`: hierarchy id, controllers ("" on v2), path.
    struct Membership: Equatable {
        var hierarchy: String
        var controllers: String
        var path: String
    }

    static func memberships(_ pid: Int32) -> [Membership] {
        guard let data = try? FileSystem.readFile("/proc/\(pid)/cgroup") else { return [] }
        return parseMemberships(String(decoding: data, as: UTF8.self))
    }

    static func parseMemberships(_ text: String) -> [Membership] {
        text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3 else { return nil }
            return Membership(hierarchy: f[0], controllers: f[1], path: f[2])
        }
    }

    /// Mount points of cgroup hierarchies: (mount point, root inside the
    /// hierarchy, controllers/options) from mountinfo.
    struct HierarchyMount {
        var mountPoint: String
        var root: String
        var isV2: Bool
        var options: Set<String>
    }

    static func hierarchyMounts() -> [HierarchyMount] {
        MountTable.entries().filter { $0.fsType == "cgroup" || $0.fsType == "cgroup2" }.map { entry in
            HierarchyMount(mountPoint: entry.mountPoint, root: entry.root, isV2: entry.fsType == "cgroup2",
                           options: Set(entry.superOptions.split(separator: ",").map(String.init)))
        }
    }

    /// The directory of `membership`'s cgroup for `path` (nil if that
    /// hierarchy is not mounted here).
    static func directory(for membership: Membership, path: String, mounts: [HierarchyMount]) -> String? {
        let mount: HierarchyMount?
        if membership.controllers.isEmpty && membership.hierarchy == "0" {
            mount = mounts.first { $0.isV2 }
        } else {
            let wanted = Set(membership.controllers.split(separator: ",").map(String.init))
            mount = mounts.first { !$0.isV2 && !wanted.isEmpty && wanted.isSubset(of: $0.options) }
        }
        guard let mount else { return nil }
        var relative = path
        if mount.root != "/" {
            guard relative.hasPrefix(mount.root) else { return nil }
            relative = String(relative.dropFirst(mount.root.count))
        }
        if relative.isEmpty || relative == "/" { return mount.mountPoint }
        return mount.mountPoint + (relative.hasPrefix("/") ? "" : "/") + relative
    }

    /// Writes `pid` into `directory`'s cgroup.procs.
    static func attach(_ pid: Int32, to directory: String) -> Bool {
        let fd = open(directory + "/cgroup.procs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let text = Array(String(pid).utf8)
        return write(fd, text, text.count) == text.count
    }

    /// `--cgroups=disabled` under runc: moves `containerPid` into the
    /// cgroups `monitorPid` is in, then removes the cgroup runc created for
    /// it (`ownPath`, in every hierarchy). Throws if the container could not
    /// leave a hierarchy (it would otherwise keep a cgroup of its own).
    static func leaveOwnCgroup(containerPid: Int32, monitorPid: Int32, ownPath: String) throws {
        let mounts = hierarchyMounts()
        let monitor = memberships(monitorPid)
        for m in memberships(containerPid) where m.path != "/" {
            guard let target = monitor.first(where: { $0.hierarchy == m.hierarchy && $0.controllers == m.controllers }),
                  target.path != m.path,
                  let targetDir = directory(for: m, path: target.path, mounts: mounts) else { continue }
            if !attach(containerPid, to: targetDir) {
                throw EngineError(.system, "--cgroups=disabled: cannot move the container into \(targetDir)", exitCode: 125)
            }
            if m.path == ownPath || m.path.hasSuffix(ownPath), let own = directory(for: m, path: m.path, mounts: mounts) {
                rmdir(own)
            }
        }
    }

    /// After `leaveOwnCgroup`, runc must stop using the cgroup it made: its
    /// `exec` would join it (now gone) and `delete` would remove it. Its
    /// state then records no cgroup paths at all, which runc accepts: exec
    /// joins nothing and the exec'd process stays with the container in the
    /// monitor's cgroups, delete removes nothing. (Edited as text: the file
    /// holds 64-bit numbers a JSON round trip could round.)
    static func forgetRuntimeCgroups(stateFile: String) throws {
        guard let data = try? FileSystem.readFile(stateFile) else {
            throw EngineError(.system, "--cgroups=disabled: no runtime state at \(stateFile)")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let start = text.range(of: "\"cgroup_paths\":{"),
              let end = text[start.upperBound...].firstIndex(of: "}") else { return }
        let edited = text[..<start.upperBound] + text[end...]
        try FileSystem.writeFileAtomically(stateFile, Data(edited.utf8))
    }

    /// Processes in the pid namespace of `initPid` (for `top` of a container
    /// without a cgroup of its own).
    package static func pidsSharingNamespace(with initPid: Int32) -> [Int] {
        guard let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(initPid)/ns/pid") else { return [] }
        return FileSystem.list("/proc").compactMap(Int.init).filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/pid")) == own
        }.sorted()
    }

    /// On a pure cgroup v2 host, the directory of `<parent>/conmon` (made
    /// as needed) for the monitor to start in, so `moveMonitor` is not
    /// needed; nil elsewhere (v1 hierarchies need the move).
    static func monitorDirectory(parent: String) -> String? {
        guard CgroupInfo.isUnified, parent.hasPrefix("/"), !parent.split(separator: "/").contains("..") else { return nil }
        let path = "/sys/fs/cgroup" + (parent == "/" ? "" : parent) + "/conmon"
        return (try? FileSystem.makeDirectories(path, mode: 0o755)) == nil ? nil : path
    }

    /// `--cgroups=enabled` outside systemd: the monitor leaves the caller's
    /// cgroup for `<parent>/conmon` in every hierarchy (created as needed;
    /// v1 cpuset values copied from the parent). Best effort, like Podman:
    /// a hierarchy that refuses keeps the monitor where it was.
    static func moveMonitor(_ monitorPid: Int32, parent: String) {
        let mounts = hierarchyMounts()
        let destination = (parent == "/" ? "" : parent) + "/conmon"
        for m in memberships(monitorPid) {
            guard let dir = directory(for: m, path: destination, mounts: mounts),
                  let root = directory(for: m, path: "/", mounts: mounts) else { continue }
            var current = root
            for component in destination.split(separator: "/") {
                let parentDir = current
                current += "/" + component
                if mkdir(current, 0o755) == 0, m.controllers.split(separator: ",").contains("cpuset") {
                    for file in ["cpuset.cpus", "cpuset.mems"] {
                        if let value = try? FileSystem.readFile(parentDir + "/" + file) {
                            try? value.write(to: URL(fileURLWithPath: current + "/" + file))
                        }
                    }
                }
            }
            _ = attach(monitorPid, to: dir)
        }
    }
}
