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

    /// Linux's number of each capability in `allCapabilities`.
    static let capabilityNumbers: [String: Int32] = [
        "CAP_CHOWN": 0, "CAP_DAC_OVERRIDE": 1, "CAP_DAC_READ_SEARCH": 2, "CAP_FOWNER": 3, "CAP_FSETID": 4, "CAP_KILL": 5,
        "CAP_SETGID": 6, "CAP_SETUID": 7, "CAP_SETPCAP": 8, "CAP_LINUX_IMMUTABLE": 9, "CAP_NET_BIND_SERVICE": 10,
        "CAP_NET_BROADCAST": 11, "CAP_NET_ADMIN": 12, "CAP_NET_RAW": 13, "CAP_IPC_LOCK": 14, "CAP_IPC_OWNER": 15,
        "CAP_SYS_MODULE": 16, "CAP_SYS_RAWIO": 17, "CAP_SYS_CHROOT": 18, "CAP_SYS_PTRACE": 19, "CAP_SYS_PACCT": 20,
        "CAP_SYS_ADMIN": 21, "CAP_SYS_BOOT": 22, "CAP_SYS_NICE": 23, "CAP_SYS_RESOURCE": 24, "CAP_SYS_TIME": 25,
        "CAP_SYS_TTY_CONFIG": 26, "CAP_MKNOD": 27, "CAP_LEASE": 28, "CAP_AUDIT_WRITE": 29, "CAP_AUDIT_CONTROL": 30,
        "CAP_SETFCAP": 31, "CAP_MAC_OVERRIDE": 32, "CAP_MAC_ADMIN": 33, "CAP_SYSLOG": 34, "CAP_WAKE_ALARM": 35,
        "CAP_BLOCK_SUSPEND": 36, "CAP_AUDIT_READ": 37, "CAP_PERFMON": 38, "CAP_BPF": 39, "CAP_CHECKPOINT_RESTORE": 40,
    ]

    /// The capabilities berth knows that this process's bounding set holds:
    /// what Podman gives `exec --privileged` (its `capabilities.BoundingSet()`).
    static func currentBoundingSet() -> [String] {
        allCapabilities.filter { name in capabilityNumbers[name].map { cshim_capability_bounded($0) == 1 } ?? false }
    }

    static let maskedPaths = [
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block",
    ]

    static let readonlyPaths = ["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    /// The variables every container gets unless its image or the user set
    /// them (or `--unsetenv` drops them); HOSTNAME and HOME are added at start.
    package static func defaultEnvironment(tty: Bool) -> [String: String] {
        var defaults = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "container": "podman"]
        if tty { defaults["TERM"] = "xterm" }
        return defaults
    }

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
        // `--unsetenv`/`--unsetenv-all` leave these out; HOME is always set, as in Podman.
        let unset = config.unsetEnvAll == true ? nil : Set(config.unsetEnv ?? [])
        for (name, value) in RuntimeSpecBuilder.defaultEnvironment(tty: config.tty).sorted(by: { $0.key < $1.key }) where unset?.contains(name) == false {
            setDefault(name, value)
        }
        if unset?.contains("HOSTNAME") == false { setDefault("HOSTNAME", config.hostname) }
        setDefault("HOME", user.home)
        if let tz = config.timezone, tz != "local" { setDefault("TZ", tz) }
        if config.systemdMode == true { setDefault("container_uuid", String(id.prefix(32))) }

        var args = config.args
        var mounts = defaultMounts()
        if config.initProcess {
            let initBinary: String
            if let path = config.initPath {
                guard FileManager.default.isExecutableFile(atPath: path) else {
                    throw EngineError.notFound("--init-path \(path): no such executable file")
                }
                initBinary = path
            } else {
                guard let found = ["/usr/libexec/podman/catatonit", "/usr/bin/catatonit", "/usr/libexec/catatonit/catatonit"]
                    .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                    throw EngineError.invalid("--init needs catatonit (Debian package catatonit), which is not installed")
                }
                initBinary = found
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
        if config.cgroupns.map({ $0 != .host }) ?? cgroupV2 { namespaces.append(.init(type: "cgroup", path: joinedNamespaces["cgroup"])) }
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
        for rule in config.deviceCgroupRules ?? [] { resources.devices?.append(try RuntimeSpecBuilder.deviceCgroupRule(rule)) }
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
                oomScoreAdj: oomScoreAdj(),
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
                         uidMappings: userNamespace?.uidMappings, gidMappings: userNamespace?.gidMappings,
                         personality: config.personality.map { .init(domain: $0.rawValue) }))
    }

    /// `--oom-score-adj`; rootless, a value below berth's own cannot be
    /// set and is raised to it (Podman clamps the same way).
    private func oomScoreAdj() -> Int? {
        guard let value = config.oomScoreAdj else { return nil }
        guard Rootless.isActive, let data = try? FileSystem.readFile("/proc/self/oom_score_adj"),
              let own = Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else { return value }
        return max(value, own)
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
        // `--chrootdirs`: the same files again below each directory.
        let managed = m.filter { $0.source.hasPrefix(bundle + "/") }
        for dir in config.chrootDirs ?? [] {
            let root = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            m += managed.map { .init(destination: root + $0.destination, type: $0.type, source: $0.source, options: $0.options) }
        }
        if config.systemdMode == true {
            // systemd as init: its runtime directories on tmpfs (a user's
            // mount of the same place wins), and a cgroup tree it may manage.
            for path in ["/run", "/run/lock", "/tmp", "/var/log/journal"] {
                m.append(.init(destination: path, type: "tmpfs", source: "tmpfs", options: ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"]))
            }
            for i in m.indices where m[i].destination == "/sys/fs/cgroup" {
                m[i].options = m[i].options.filter { $0 != "ro" } + ["rw"]
            }
        }
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

    /// `--device-cgroup-rule 'c 1:3 rwm'` (`a`, `b` or `c`; `*` for any
    /// major or minor, a missing minor is any), checked as Podman does.
    package static func deviceCgroupRule(_ rule: String) throws -> RuntimeSpec.DeviceRule {
        let fields = rule.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else {
            throw EngineError.invalid("invalid device cgroup rule requires type, major:Minor, and access rules: \(rule.debugDescription)")
        }
        guard ["a", "b", "c"].contains(fields[0]) else { throw EngineError.invalid("invalid device type in device-access-add: \(fields[0])") }
        func number(_ text: Substring) throws -> Int64? {
            if text == "*" { return nil }
            guard let value = UInt64(text), value <= UInt64(Int64.max) else {
                throw EngineError.invalid("strconv.ParseUint: parsing \(String(text).debugDescription): \(text.allSatisfy(\.isNumber) && !text.isEmpty ? "value out of range" : "invalid syntax")")
            }
            return Int64(value)
        }
        let numbers = fields[1].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let major = try number(numbers[0])
        let minor = numbers.count == 2 ? try number(numbers[1]) : nil
        for c in fields[2] where !"rwm".contains(c) { throw EngineError.invalid("invalid device access in device-access-add: \(c)") }
        return .init(allow: true, type: fields[0], major: major, minor: minor, access: fields[2])
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
