#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Builds a container's OCI runtime spec with Podman's defaults: its
/// capability set, masked and read-only paths, /dev and /sys mounts, the
/// containers-common seccomp profile, and rlimits inherited unless set.
package struct RuntimeSpecBuilder {
    var id: String
    var config: ContainerConfiguration
    var rootfs: String
    var bundle: String
    /// Host paths of the named volumes, by volume name.
    var volumePaths: [String: String] = [:]
    var user: ContainerUser.Resolved
    var cgroupsPath: String?
    /// `-t` attached from a terminal: the container's terminal starts at its size.
    var consoleSize: RuntimeSpec.ConsoleSize?
    /// False for `--cgroups=disabled`: no resources section at all.
    var cgroupResources = true
    /// Bind the monitor's notify socket directory and point NOTIFY_SOCKET at it.
    var relayNotify = false
    /// Sockets systemd handed to berth, passed on to the container.
    var socketActivation: SocketActivation?
    var cgroupV2 = CgroupInfo.isUnified
    /// The bridge networks' namespace (NetworkAttachment) to join instead of a new one.
    var networkNamespacePath: String?
    /// Paths of the ipc, uts and pid namespaces joined (`--ipc container:ID`,
    /// a pod's shared ones), by OCI namespace type.
    var joinedNamespaces: [String: String] = [:]
    /// Mount-type secrets (files in the bundle, bound read-only) and
    /// env-type ones (`NAME=value`), from SecretStep; never in `config`.
    var secretMounts: [RuntimeSpec.Mount] = []
    var secretEnv: [String] = []

    static let defaultCapabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
        "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    ]

    static let allCapabilities = [
        "CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE", "CAP_BLOCK_SUSPEND", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_KILL", "CAP_LEASE", "CAP_LINUX_IMMUTABLE", "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE", "CAP_MKNOD", "CAP_NET_ADMIN",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW", "CAP_PERFMON", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP",
        "CAP_SETUID", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_CHROOT", "CAP_SYS_MODULE", "CAP_SYS_NICE", "CAP_SYS_PACCT",
        "CAP_SYS_PTRACE", "CAP_SYS_RAWIO", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_SYSLOG", "CAP_WAKE_ALARM",
    ]

    static let maskedPaths = [
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block",
    ]

    static let readonlyPaths = ["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    /// The capability set after --cap-add/--cap-drop (names in CAP_X form).
    package static func capabilities(add: [String], drop: [String]) throws -> [String] {
        func normalize(_ c: String) throws -> String {
            let upper = c.uppercased()
            let name = upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
            guard upper == "ALL" || allCapabilities.contains(name) else { throw EngineError.invalid("unknown capability \(c.debugDescription)") }
            return upper == "ALL" ? "ALL" : name
        }
        var caps = defaultCapabilities
        let adds = try add.map(normalize)
        let drops = try drop.map(normalize)
        if adds.contains("ALL") { caps = allCapabilities }
        for c in adds where c != "ALL" && !caps.contains(c) { caps.append(c) }
        if drops.contains("ALL") { caps = adds.filter { $0 != "ALL" } }
        caps.removeAll { drops.contains($0) }
        return caps.sorted()
    }

    /// config.json as written to the bundle: the spec, its seccomp section
    /// taken from the converted filters kept in `seccompCache` (a directory).
    func configJSON(seccompCache: String) throws -> Data {
        let caps = try RuntimeSpecBuilder.capabilities(add: config.capAdd, drop: config.capDrop)
        let spec = try JSONEncoder().encode(build(capabilities: caps))
        guard config.seccompProfile != "unconfined",
              let filter = try SeccompFilterCache.json(path: config.seccompProfile, capabilities: Set(caps), directory: seccompCache) else {
            return spec
        }
        guard let spliced = SeccompFilterCache.splice(filter, into: [UInt8](spec)) else {
            throw EngineError(.system, "internal error: the runtime spec has no linux section to put the seccomp filter in")
        }
        return Data(spliced)
    }

    /// The spec without its seccomp section (`configJSON` adds it).
    private func build(capabilities caps: [String]) throws -> RuntimeSpec {
        let effective = user.uid == 0 ? caps : []
        var env = config.env
        func setDefault(_ name: String, _ value: String) {
            if !env.contains(where: { $0.hasPrefix(name + "=") }) { env.append(name + "=" + value) }
        }
        setDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        if config.tty { setDefault("TERM", "xterm") }
        setDefault("container", "podman")
        setDefault("HOSTNAME", config.hostname)
        setDefault("HOME", user.home)
        if let tz = config.timezone, tz != "local" { setDefault("TZ", tz) }

        var args = config.args
        var mounts = defaultMounts()
        if config.initProcess {
            guard let initBinary = ["/usr/libexec/podman/catatonit", "/usr/bin/catatonit", "/usr/libexec/catatonit/catatonit"]
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw EngineError.invalid("--init needs catatonit (Debian package catatonit), which is not installed")
            }
            mounts.append(.init(destination: "/run/podman-init", type: "bind", source: initBinary, options: ["bind", "ro", "rprivate"]))
            args = ["/run/podman-init", "--"] + args
        }
        if relayNotify {
            mounts.append(.init(destination: "/run/notify", type: "bind", source: bundle + "/notify", options: ["bind", "rprivate"]))
            env.removeAll { $0.hasPrefix("NOTIFY_SOCKET=") }
            env.append("NOTIFY_SOCKET=/run/notify/notify.sock")
        }
        if let socketActivation {
            env.removeAll { $0.hasPrefix("LISTEN_FDS=") || $0.hasPrefix("LISTEN_PID=") || $0.hasPrefix("LISTEN_FDNAMES=") }
            env += socketActivation.containerEnvironment
        }
        if let tz = config.timezone {
            let source = tz == "local" ? "/etc/localtime" : "/usr/share/zoneinfo/" + tz
            guard FileSystem.exists(source) else { throw EngineError.invalid("unknown time zone \(tz.debugDescription)") }
            mounts.append(.init(destination: "/etc/localtime", type: "bind", source: source, options: ["bind", "ro", "rprivate"]))
        }
        mounts += try userMounts()
        mounts += secretMounts
        for assignment in secretEnv {
            let name = assignment.prefix { $0 != "=" }
            env.removeAll { $0.hasPrefix(name + "=") }
            env.append(assignment)
        }
        // Later mounts win on the same destination, as in Podman.
        var seen = Set<String>()
        mounts = mounts.reversed().filter { seen.insert($0.destination).inserted }.reversed()
        mounts.sort { depth($0.destination) < depth($1.destination) }

        var rlimits: [RuntimeSpec.Rlimit] = []
        for spec in config.ulimits {
            let limit = try Ulimit.parse(spec)
            rlimits.append(.init(type: limit.type, hard: limit.hard, soft: limit.soft))
        }

        var namespaces: [RuntimeSpec.Namespace] = []
        for (type, mode) in [("pid", config.pid), ("ipc", config.ipc), ("uts", config.uts)] where mode != .host {
            namespaces.append(.init(type: type, path: joinedNamespaces[type]))
        }
        namespaces.append(.init(type: "mount"))
        if config.network != .host { namespaces.append(.init(type: "network", path: networkNamespacePath)) }
        if cgroupV2 { namespaces.append(.init(type: "cgroup")) }
        let userNamespace = config.userNamespace.flatMap { $0.uidMappings.isEmpty ? nil : $0 }
        if userNamespace != nil { namespaces.append(.init(type: "user")) }
        if userNamespace != nil || Rootless.isActive {
            if config.network == .host || networkNamespacePath != nil {
                // sysfs cannot be mounted from a user namespace that does not
                // own the network namespace (the host's, or one made before
                // the container's user namespace): bind the host's, read-only.
                for i in mounts.indices where mounts[i].destination == "/sys" {
                    mounts[i] = .init(destination: "/sys", type: "bind", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro", "rprivate"])
                }
            }
        }
        if Rootless.isActive && !cgroupV2 {
            // cgroup v1 cannot be mounted from a user namespace: the host's, read-only.
            for i in mounts.indices where mounts[i].destination == "/sys/fs/cgroup" {
                mounts[i] = .init(destination: "/sys/fs/cgroup", type: "bind", source: "/sys/fs/cgroup", options: ["rbind", "nosuid", "noexec", "nodev", "ro", "rprivate"])
            }
        }

        var resources = RuntimeSpec.Resources(devices: [.init(allow: false, access: "rwm")])
        var devices: [RuntimeSpec.Device] = []
        for spec in config.devices {
            let (device, rule) = try RuntimeSpecBuilder.device(spec)
            devices.append(device)
            resources.devices?.append(rule)
        }
        if config.memoryLimit != nil || config.pidsLimit != nil {
            let available = CgroupInfo.availableControllers()
            if let limit = config.memoryLimit {
                guard available.contains("memory") else {
                    throw EngineError.invalid("--memory needs the cgroup memory controller, which this system does not delegate to containers (available controllers: \(available.isEmpty ? "none" : available.sorted().joined(separator: " ")))")
                }
                resources.memory = .init(limit: limit)
            }
            if let limit = config.pidsLimit, limit > 0 {
                guard available.contains("pids") else {
                    throw EngineError.invalid("--pids-limit needs the cgroup pids controller, which this system does not delegate to containers (available controllers: \(available.isEmpty ? "none" : available.sorted().joined(separator: " ")))")
                }
                resources.pids = .init(limit: limit)
            }
        }

        var masked = RuntimeSpecBuilder.maskedPaths + config.maskPaths
        var readonly = RuntimeSpecBuilder.readonlyPaths
        for path in config.unmaskPaths {
            if path == "ALL" { masked = config.maskPaths; readonly = [] } else {
                masked.removeAll { $0 == path }
                readonly.removeAll { $0 == path }
            }
        }

        return RuntimeSpec(
            process: .init(
                terminal: config.tty,
                user: .init(uid: user.uid, gid: user.gid, additionalGids: user.additionalGids.isEmpty ? nil : user.additionalGids),
                args: args, env: env, cwd: config.workingDir.isEmpty ? "/" : config.workingDir,
                capabilities: .init(bounding: caps, effective: effective, inheritable: [], permitted: effective, ambient: []),
                rlimits: rlimits.isEmpty ? nil : rlimits,
                noNewPrivileges: config.noNewPrivileges ? true : nil,
                consoleSize: config.tty ? consoleSize : nil),
            root: .init(path: rootfs, readonly: config.readOnly),
            // A joined or the host's UTS namespace keeps its own name.
            hostname: config.uts == nil || config.uts == .private ? config.hostname : nil,
            mounts: mounts,
            annotations: config.annotations.isEmpty ? nil : config.annotations,
            linux: .init(namespaces: namespaces, cgroupsPath: cgroupsPath, resources: cgroupResources ? resources : nil,
                         sysctl: config.sysctls.isEmpty ? nil : config.sysctls,
                         devices: devices.isEmpty ? nil : devices,
                         maskedPaths: masked, readonlyPaths: readonly,
                         uidMappings: userNamespace?.uidMappings, gidMappings: userNamespace?.gidMappings))
    }

    private func depth(_ path: String) -> Int { path.split(separator: "/").count }

    private func defaultMounts() -> [RuntimeSpec.Mount] {
        var m: [RuntimeSpec.Mount] = [
            .init(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            .init(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            .init(destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            .init(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            .init(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            .init(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"]),
            .init(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=\(config.shmSize ?? 65_536_000)"]),
        ]
        for name in ["hostname", "hosts", "resolv.conf"] where name != "hosts" || config.noHosts != true {
            m.append(.init(destination: "/etc/" + name, type: "bind", source: bundle + "/" + name, options: ["bind", "rprivate"]))
        }
        m.append(.init(destination: "/run/.containerenv", type: "bind", source: bundle + "/.containerenv", options: ["bind", "rprivate"]))
        if config.readOnly && config.readOnlyTmpfs {
            for path in ["/tmp", "/var/tmp", "/run"] {
                m.append(.init(destination: path, type: "tmpfs", source: "tmpfs", options: ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"]))
            }
        }
        return m
    }

    private func userMounts() throws -> [RuntimeSpec.Mount] {
        try config.mounts.map { mount in
            var options = mount.options.filter { !["z", "Z", "U", "O", "copy", "nocopy", "readonly", "ro", "rw"].contains($0) }
            let readOnly = mount.readOnly
            switch mount.kind {
            case .tmpfs:
                if !options.contains(where: { $0.hasPrefix("mode=") }) { options.append("mode=1777") }
                if !options.contains(where: { $0.hasPrefix("size=") }) { options.append("size=65536k") }
                return .init(destination: mount.destination, type: "tmpfs", source: "tmpfs",
                             options: ["rprivate", "nosuid", "nodev"] + (readOnly ? ["ro"] : ["rw"]) + options)
            case .artifact:
                throw EngineError(.corrupt, "artifact mount of \(mount.source) was not resolved when the container was created")
            case .bind, .volume:
                let source: String
                if mount.kind == .volume {
                    guard let path = volumePaths[mount.source] else { throw EngineError.notFound("volume \(mount.source) is not mounted") }
                    source = path
                } else {
                    source = mount.source
                    guard FileSystem.exists(source) else {
                        throw EngineError.notFound("\(source): no such file or directory (bind mount source)")
                    }
                }
                var o = options.filter { !["bind", "rbind"].contains($0) }
                o.insert(options.contains("bind") ? "bind" : "rbind", at: 0)
                if !o.contains(where: { ["private", "rprivate", "shared", "rshared", "slave", "rslave"].contains($0) }) { o.append("rprivate") }
                o.append(readOnly ? "ro" : "rw")
                return .init(destination: mount.destination, type: "bind", source: source, options: o)
            }
        }
    }

    /// `--device /dev/x[:/dev/y][:rwm]`.
    static func device(_ spec: String) throws -> (RuntimeSpec.Device, RuntimeSpec.DeviceRule) {
        let parts = spec.split(separator: ":").map(String.init)
        guard let host = parts.first else { throw EngineError.invalid("invalid device \(spec.debugDescription)") }
        var dest = host
        var access = "rwm"
        if parts.count == 2 {
            if parts[1].hasPrefix("/") { dest = parts[1] } else { access = parts[1] }
        } else if parts.count >= 3 {
            dest = parts[1]
            access = parts[2]
        }
        var st = stat()
        guard stat(host, &st) == 0 else { throw EngineError.system("cannot use device \(host)", errno) }
        let type: String
        switch st.st_mode & S_IFMT {
        case S_IFCHR: type = "c"
        case S_IFBLK: type = "b"
        default: throw EngineError.invalid("\(host) is not a device")
        }
        let major = Int64(engine_major(UInt64(st.st_rdev)))
        let minor = Int64(engine_minor(UInt64(st.st_rdev)))
        return (.init(path: dest, type: type, major: major, minor: minor, fileMode: UInt32(st.st_mode & 0o777), uid: 0, gid: 0),
                .init(allow: true, type: type, major: major, minor: minor, access: access))
    }
}

/// Facts about this host's cgroups.
enum CgroupInfo {
    /// Pure cgroup v2: the root of the mount is itself a cgroup2 root.
    static let isUnified: Bool = FileSystem.exists("/sys/fs/cgroup/cgroup.controllers")

    /// This process's cgroup v2 path ("" on the v1 side of a hybrid host).
    static var ownUnifiedPath: String? {
        CgroupPlacement.memberships(getpid()).first { $0.hierarchy == "0" && $0.controllers.isEmpty }?.path
    }

    /// Rootless: `parent` (else this process's own cgroup v2 directory) when
    /// the user may make cgroups below it: systemd delegated it to them (a
    /// user service with Delegate=yes). Nil on cgroup v1 and elsewhere.
    static func delegatedPath(parent: String?) -> String? {
        guard isUnified, let own = parent ?? ownUnifiedPath else { return nil }
        let path = own == "/" ? "" : own
        return access("/sys/fs/cgroup" + path, W_OK) == 0 ? path : nil
    }

    /// Controllers containers can be limited with: on cgroup v2 the ones
    /// enabled in the hierarchy above, on v1 the mounted hierarchies.
    static func availableControllers() -> Set<String> {
        if isUnified {
            let own = ownUnifiedPath ?? "/"
            let file = "/sys/fs/cgroup" + (own == "/" ? "" : own) + "/cgroup.controllers"
            let text = (try? FileSystem.readFile(file)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        }
        return Set(["memory", "pids", "cpu"].filter { FileSystem.isDirectory("/sys/fs/cgroup/" + $0) })
    }
}
