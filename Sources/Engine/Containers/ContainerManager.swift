#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import CShim

/// The container lifecycle over one store: create, start, stop, kill,
/// cleanup and remove. Every operation that changes a container holds that
/// container's lock; the monitor's exit command (`container cleanup`) takes
/// the same lock, so it simply queues behind a `stop` or `rm` in progress.
public struct ContainerManager {
    public let store: Store
    /// `--runtime` from the command line (a container's own choice wins).
    public var runtimeOverride: String?

    public init(store: Store, runtimeOverride: String? = nil) {
        self.store = store
        self.runtimeOverride = runtimeOverride
    }

    // MARK: paths

    package func bundle(_ id: String) -> String { store.runRoot + "/containers/" + id }
    package var exitsDirectory: String { store.runRoot + "/exits" }
    func exitFile(_ id: String) -> String { exitsDirectory + "/" + id }
    func dataDirectory(_ id: String) -> String { store.root + "/containers/" + id }
    func defaultLogPath(_ id: String) -> String { dataDirectory(id) + "/ctr.log" }

    public func logPath(_ c: Container) -> String { c.config.logOptions["path"] ?? defaultLogPath(c.id) }

    /// The container's lock, held. Its file goes with the container (see
    /// `removeLocked`): a lock taken on a file removed meanwhile is taken
    /// again on the current one, and one taken for a container that is gone
    /// removes its file and reports the container missing.
    func lock(_ id: String) throws -> FileLock {
        try lock(id, wait: true)!
    }

    /// The container's lock, held, or nil when `wait` is false and another
    /// process holds it. A file this process made for a container removed
    /// meanwhile is removed again, so no lock file outlives its container.
    func lock(_ id: String, wait: Bool) throws -> FileLock? {
        while true {
            let lock = try store.objectLock("container-" + id)
            if wait { try lock.lock(exclusive: true) } else if !(try lock.tryLock(exclusive: true)) { return nil }
            guard try lock.isCurrent() else { lock.unlock(); continue }
            let exists = try store.database.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM container WHERE id = ?)", arguments: [id]) ?? false
            }
            if exists { return lock }
            unlink(lock.path)
            lock.unlock()
            throw EngineError.notFound("no container with name or ID \"\(id)\" found: no such container")
        }
    }

    // MARK: reading

    /// The container, its status reconciled with the runtime's (see
    /// `syncExit`, `adoptUnrecordedRun`).
    public func load(_ nameOrID: String) throws -> Container {
        var c = try loadRecorded(nameOrID)
        if !c.isRunning && c.state.heldRuntime != nil { try adoptUnrecordedRun(&c, holdingLock: false) }
        return c
    }

    /// The container as recorded.
    func loadRecorded(_ nameOrID: String) throws -> Container {
        try store.database.read { db in
            let record = try store.containers.lookup(nameOrID, db)
            let data = try Data.fetchOne(db, sql: "SELECT state FROM container WHERE id = ?", arguments: [record.id])
            return Container(record: record, stateData: data)
        }
    }

    /// Every container, oldest first; one whose record cannot be decoded is
    /// listed too (see `Container.unreadable`), never left out.
    public func loadAll() throws -> [Container] {
        var all = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM container ORDER BY created").map { row in
                Container(record: try ContainerRecord(row: row), stateData: row["state"])
            }
        }
        for i in all.indices where !all[i].isRunning && all[i].state.heldRuntime != nil {
            try adoptUnrecordedRun(&all[i], holdingLock: false)
        }
        return all
    }

    func save(_ c: Container) throws {
        try store.database.write { db in try save(c, db: db) }
    }

    /// Saves the run state inside the caller's transaction.
    func save(_ c: Container, db: Database) throws {
        let data = try JSONEncoder().encode(c.state)
        try db.execute(sql: "UPDATE container SET state = ? WHERE id = ?", arguments: [data, c.id])
    }

    // MARK: create

    public func create(name: String?, config: ContainerConfiguration, replace: Bool, id: String? = nil) throws -> Container {
        let id = id ?? FileSystem.randomHex(32)
        var config = config
        if config.hostname.isEmpty { config.hostname = String(id.prefix(12)) }
        let requestedName = name
        var name = try name ?? ContainerNames.generate(taken: Set(store.containers.list().map(\.name)))
        if replace {
            do {
                try remove(name, force: true, timeout: nil)
            } catch let error as EngineError where error.kind == .notFound {}
        }
        // Anonymous volumes get their names (and exist) from now on, as in Podman.
        var anonymous: [String] = []
        for i in config.mounts.indices where config.mounts[i].kind == .volume && config.mounts[i].source.isEmpty {
            var spec = VolumeSpec()
            spec.name = FileSystem.randomHex(32)
            let volume = try store.volumes.create(spec)
            anonymous.append(volume)
            config.mounts[i].source = volume
            config.mounts[i].anonymous = true
        }
        let record: ContainerRecord
        do {
            var attempts = 0
            while true {
                do {
                    (record, config) = try insertRecord(id: id, name: name, config: config)
                    break
                } catch let error as EngineError where error.kind == .conflict && requestedName == nil && attempts < 20 {
                    // A concurrent create took the generated name between choosing and inserting it.
                    attempts += 1
                    name = ContainerNames.generate(taken: Set(try store.containers.list().map(\.name)))
                }
            }
        } catch {
            for volume in anonymous { try? store.volumes.remove(volume, force: false) }
            throw error
        }
        // No state saved yet: a container without one is `created` (see Container.init).
        return store.events.noting("create", Container(record: record, stateData: nil))
    }

    /// The container's record, with `--userns=auto` ranges allocated first.
    private func insertRecord(id: String, name: String, config: ContainerConfiguration) throws -> (ContainerRecord, ContainerConfiguration) {
        var config = config
        guard let ns = config.userNamespace, ns.mode.hasPrefix("auto") else {
            return (try store.containers.create(id: id, name: name, image: config.imageReference, config: try JSONEncoder().encode(config)), config)
        }
        // Allocation and record under one lock: the next auto container sees this one's ranges.
        let lock = try store.objectLock("userns-auto")
        try lock.lock(exclusive: true)
        defer { lock.unlock() }
        let taken = try loadAll().compactMap(\.config.userNamespace)
        config.userNamespace = try UserNamespaceConfig.allocateAuto(mode: ns.mode, rootfsPasswd: imageIdentityFiles(config.imageReference), taken: taken)
        return (try store.containers.create(id: id, name: name, image: config.imageReference, config: try JSONEncoder().encode(config)), config)
    }

    /// The image's /etc/passwd and /etc/group (from its topmost layer that
    /// has them), for sizing `--userns=auto`.
    package func imageIdentityFiles(_ image: String) -> (passwd: Data?, group: Data?) {
        guard let top = (try? store.images.resolve(image))?.record.topLayer,
              let chain = try? store.database.read({ db in try store.layers.chain(top, db: db) }) else { return (nil, nil) }
        func find(_ file: String) -> Data? {
            for layer in chain {
                if let data = try? FileSystem.readFile(store.layers.diffPath(layer.id) + "/" + file) { return data }
            }
            return nil
        }
        return (find("etc/passwd"), find("etc/group"))
    }

    // MARK: start

    /// A started container. When attached: `logFd` reads its k8s-file log
    /// from where this run begins (lossless output), `attachFd` is the
    /// monitor's attach socket (input, and output for other log drivers).
    public struct Started {
        public var container: Container
        public var attachFd: Int32 = -1
        public var logFd: Int32 = -1
    }

    /// Mounts, writes the bundle, launches the monitor, `runtime start`.
    /// Starting a running container does nothing. `preserveFds`: this
    /// process's fds 3..<3+N are passed on to the container (`run --preserve-fds`).
    public func start(_ nameOrID: String, attach: Bool = false, notifyRelay: Bool? = nil, preserveFds: Int32 = 0) throws -> Started {
        let c0 = try load(nameOrID)
        if c0.unreadable == nil && !c0.isRunning { try startNamespaceTargets(c0) }
        let lock = try lock(c0.id)
        defer { lock.unlock() }
        var c = try loadRecorded(c0.id)
        try c.requireReadable("start")
        try syncExit(&c, holdingLock: true)
        if c.isRunning { return Started(container: c) }
        try releaseResources(&c)
        do {
            return store.events.noting("start", try startLocked(&c, attach: attach, notifyRelay: notifyRelay, preserveFds: preserveFds))
        } catch {
            do {
                try releaseResources(&c)
            } catch let releaseError {
                throw EngineError(.system, "\(error); and then \(releaseError)")
            }
            throw error
        }
    }

    private func startLocked(_ c: inout Container, attach: Bool, notifyRelay: Bool?, preserveFds: Int32) throws -> Started {
        let runtime = try OCIRuntime.select(requested: c.config.runtime ?? runtimeOverride, runRoot: store.runRoot)
        let bundle = bundle(c.id)
        try FileSystem.makeDirectories(bundle)
        try FileSystem.makeDirectories(exitsDirectory)
        for stale in [exitFile(c.id), bundle + "/exit", bundle + "/oom", bundle + "/attach", bundle + "/ctl", bundle + "/winsz", bundle + "/notify/notify.sock"] {
            unlink(stale)
        }
        var logFd: Int32 = -1
        if c.config.logDriver == .k8sFile {
            let log = logPath(c)
            try FileSystem.makeDirectories((log as NSString).deletingLastPathComponent)
            if attach {
                logFd = open(log, O_RDONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o600)
                if logFd >= 0 { lseek(logFd, 0, SEEK_END) }
            }
        }
        var handedOver = false
        defer { if !handedOver && logFd >= 0 { close(logFd) } }

        // Each resource is recorded as it is taken (see Start/), so a
        // release after a failure or a crash at any later point gives back
        // exactly what was taken, newest first.
        c.state.boot = try store.bootMarker()
        // Bridge networks: a held resource, recorded before netavark runs;
        // netavark works while the rest is prepared and the runtime creates
        // the container, and is waited for before the container starts.
        let pendingNetwork = c.config.network == .bridge ? try NetworkStep.begin(for: &c, manager: self) : nil
        let rootfs = try RootfsStep.take(&c, manager: self)
        var volumePaths: [String: String] = [:]
        var copyUpVolumes: Set<String> = []
        for mount in c.config.mounts where mount.kind == .volume && volumePaths[mount.source] == nil {
            if !(try store.volumes.exists(mount.source)) {
                var spec = VolumeSpec()
                spec.name = mount.source
                spec.ignoreExisting = true
                _ = try store.volumes.create(spec)
            }
            let mounted = try VolumeStep.take(mount.source, for: &c, manager: self)
            volumePaths[mount.source] = mounted.path
            if mounted.needsCopyUp { copyUpVolumes.insert(mount.source) }
        }

        if let ns = c.config.userNamespace, !ns.uidMappings.isEmpty, c.state.rootfsShifted != true {
            try UserNamespaceConfig.shiftOwnership(rootfs, uids: ns.uidMappings, gids: ns.gidMappings)
            c.state.rootfsShifted = true
            try save(c)
        }
        try copyUp(c, rootfs: rootfs, volumePaths: volumePaths, pending: copyUpVolumes)
        try ContainerUser.addEntries(c.config, rootfs: rootfs)
        let user = try ContainerUser.resolve(user: c.config.user, groupAdd: c.config.groupAdd, rootfs: rootfs)
        var pastaNamespace: String?
        if case .pasta(let options) = c.config.network { pastaNamespace = try PastaStep.take(for: &c, options: options, manager: self) }
        let joined = try joinedNamespaces(c)
        try writeEtcFiles(c, bundle: bundle, network: c.state.network ?? joined.network)
        let secrets = try SecretStep.take(for: &c, manager: self)
        if let ns = c.config.userNamespace, let rootUID = IDMap.host(0, in: ns.uidMappings), let rootGID = IDMap.host(0, in: ns.gidMappings) {
            // The container's root owns its /etc files and can reach the bundle.
            for file in ["hostname", "hosts", "resolv.conf", ".containerenv"] { lchown(bundle + "/" + file, rootUID, rootGID) }
            // The runtime mounts the root file system and the binds as the
            // namespace's root, which must be able to walk to them (0711, no listing).
            // (Rootless with the user's own id mapped into the container, as
            // keep-id does, its root has the capabilities over the user's
            // files: a 0700 home is fine.)
            if !Rootless.isActive || !ns.uidMappings.contains(where: { $0.hostID == 0 }) {
                try UserNamespaceConfig.checkReachable(store.root, uid: rootUID)
                try UserNamespaceConfig.checkReachable(store.runRoot, uid: rootUID)
            }
            UserNamespaceConfig.makeTraversable(rootfs, from: store.root)
            UserNamespaceConfig.makeTraversable(bundle, from: store.runRoot)
            for path in volumePaths.values { UserNamespaceConfig.makeTraversable(path, from: store.root) }
        }
        // :U chowns to the container's user, as the host sees it (mapped in a user namespace).
        let ns = c.config.userNamespace.flatMap { $0.uidMappings.isEmpty ? nil : $0 }
        let hostUID = ns.map { IDMap.host(user.uid, in: $0.uidMappings) ?? user.uid } ?? user.uid
        let hostGID = ns.map { IDMap.host(user.gid, in: $0.gidMappings) ?? user.gid } ?? user.gid
        for mount in c.config.mounts where mount.kind == .bind && mount.options.contains("U") {
            _ = try? ChildProcess.run(["/bin/chown", "-R", "\(hostUID):\(hostGID)", mount.source])
        }
        if let ns, let rootUID = IDMap.host(0, in: ns.uidMappings), let rootGID = IDMap.host(0, in: ns.gidMappings) {
            // A volume still owned by the host's root is new to user namespaces:
            // it becomes the container's root's (Podman chowns on first use too).
            for path in volumePaths.values {
                var st = stat()
                if lstat(path, &st) == 0 && st.st_uid == 0 && st.st_gid == 0 { lchown(path, rootUID, rootGID) }
            }
        }

        let notifySocket = SystemdNotify.socket
        let relay = notifyRelay ?? (c.config.sdNotify == .container && notifySocket != nil)
        var builder = RuntimeSpecBuilder(id: c.id, config: c.config, rootfs: rootfs, bundle: bundle,
                                         volumePaths: volumePaths, user: user, relayNotify: relay)
        let activation = SocketActivation.fromEnvironment()
        builder.socketActivation = activation
        builder.secretMounts = secrets.mounts
        builder.secretEnv = secrets.env
        // Rootless: a cgroup only where the user's own is delegated to them.
        let rootlessNoCgroup = Rootless.isActive && cgroupsPath(c) == nil
        let noCgroup = c.config.cgroupsMode == .disabled || rootlessNoCgroup
        if rootlessNoCgroup && c.config.cgroupsMode != .disabled && (c.config.memoryLimit != nil || c.config.pidsLimit != nil) {
            throw EngineError.invalid("resource limits (--memory, --pids-limit) need a cgroup, and rootless berth has one only where the user's cgroup v2 is delegated to them: run the container from a systemd user service (Quadlet units are, with Delegate=yes) on a host with cgroup v2\(CgroupInfo.isUnified ? "" : " (this host has cgroup v1 controllers)"), or drop the limits")
        }
        // runc always creates a cgroup: it gets a known one, which the
        // container leaves before it starts (see below). crun has a mode
        // for it. Rootless runc makes none where it cannot (no path given).
        builder.cgroupsPath = noCgroup ? (runtime.supportsNoCgroups || Rootless.isActive ? nil : "/berth/berth-" + c.id) : cgroupsPath(c)
        builder.cgroupResources = !noCgroup
        builder.networkNamespacePath = c.state.network?.namespacePath ?? joined.paths["network"] ?? pastaNamespace
        builder.joinedNamespaces = joined.paths
        if attach, c.config.tty, let size = TerminalSize.current(0) {
            builder.consoleSize = .init(height: UInt(size.rows), width: UInt(size.cols))
        }
        // 0600: env-type secrets are in it.
        try FileSystem.writeFileAtomically(bundle + "/config.json", try builder.configJSON(seccompCache: store.runRoot + "/seccomp"), mode: 0o600)

        if runtime.knows(c.id) { try runtime.delete(c.id) }
        if let cgroup = builder.cgroupsPath { CgroupStep.record(cgroup, for: &c) }
        RuntimeStateStep.record(runtime, for: &c)
        try save(c)

        ContainerHealthChecker(manager: self).reset(c)
        // With nothing to do between the runtime's create and start, the
        // monitor does both in one runtime call: --cgroups=disabled under
        // runc moves the container first, and an attach without a log to
        // read from must connect before any output.
        let leavesOwnCgroup = noCgroup && !runtime.supportsNoCgroups && !Rootless.isActive
        let startsAtCreate = !leavesOwnCgroup && !(attach && (logFd < 0 || c.config.tty)) && pendingNetwork?.isRunning != true
        // Podman (cgroupfs): outside systemd the monitor leaves the caller's
        // cgroup for one beside the containers'; `no-conmon` and `split`
        // keep it where it is. Born there where the kernel allows.
        let ownMonitorCgroup = c.config.cgroupsMode == .enabled && !SystemdNotify.underSystemd && !Rootless.isActive
        var monitorArgs = try monitorArguments(c, runtime: runtime, relay: relay ? notifySocket : nil, noCgroup: noCgroup)
        if startsAtCreate { monitorArgs.append("--start-container") }
        // Sockets systemd handed over and `--preserve-fds` are both fds from 3 on.
        let preserved = max(Int32(activation?.count ?? 0), preserveFds)
        if preserved > 0 { monitorArgs += ["--preserve-fds", String(preserved)] }
        var launcher = MonitorLauncher(monitorPath: try MonitorLauncher.locate(), arguments: monitorArgs,
                                       pidFile: bundle + "/conmon.pid")
        launcher.preservedFds = preserved
        if ownMonitorCgroup {
            launcher.cgroupDirectory = CgroupPlacement.monitorDirectory(parent: c.config.cgroupParent ?? "/berth")
        }
        let started: MonitorLauncher.Started
        do {
            // runc before 1.2 ignores linux.personality: the monitor, the
            // runtime and so the container inherit it from this thread.
            let previous = try c.config.personality.map { try Self.setPersonality($0.persona) }
            defer { if let previous { _ = cshim_set_personality(previous) } }
            started = try launcher.launch(inheritStdio: c.config.logDriver == .passthrough)
        } catch let error as RuntimeCreateError {
            throw error.engineError
        }
        switch c.config.cgroupsMode {
        case .disabled where leavesOwnCgroup:
            do {
                try CgroupPlacement.leaveOwnCgroup(containerPid: started.containerPid, monitorPid: started.monitorPid,
                                                   ownPath: "/berth/berth-" + c.id)
                try CgroupPlacement.forgetRuntimeCgroups(stateFile: runtime.stateRoot + "/" + c.id + "/state.json")
            } catch {
                _ = try? runtime.kill(c.id, signal: SIGKILL)
                throw error
            }
        case .enabled where ownMonitorCgroup && !started.placed:
            CgroupPlacement.moveMonitor(started.monitorPid, parent: c.config.cgroupParent ?? "/berth")
        default:
            break
        }
        var attachFd: Int32 = -1
        if attach && (logFd < 0 || c.config.interactive) { attachFd = connectAttach(bundle) }
        do {
            if let pendingNetwork {
                try NetworkStep.finish(pendingNetwork, for: &c, manager: self)
                // The files were written before netavark answered; the container sees these inodes.
                try rewriteNetworkFiles(c)
            }
            if !startsAtCreate { try runtime.start(c.id) }
        } catch {
            if attachFd >= 0 { close(attachFd) }
            _ = try? runtime.kill(c.id, signal: SIGKILL)
            throw error
        }
        c.state.status = .running
        c.state.pid = started.containerPid
        c.state.monitorPid = started.monitorPid
        c.state.startedAt = Timestamp.now()
        c.state.finishedAt = nil
        c.state.exitCode = 0
        c.state.oomKilled = false
        try save(c)
        if let pidfile = c.config.conmonPidfile {
            try FileSystem.writeFileAtomically(pidfile, Data("\(started.monitorPid)".utf8))
        }
        handedOver = true
        return Started(container: c, attachFd: attachFd, logFd: logFd)
    }

    /// Sets this thread's execution domain; returns the one it had.
    private static func setPersonality(_ persona: UInt) throws -> UInt {
        let previous = cshim_set_personality(0xffff_ffff)
        guard previous >= 0, cshim_set_personality(persona) >= 0 else { throw EngineError.system("personality(\(persona))", errno) }
        return UInt(previous)
    }

    /// Podman's copy-up: a volume's first use copies what the image has at
    /// the mount point into it, if the volume is empty (`nocopy` skips it).
    /// Paths through symbolic links in the image are left alone (they
    /// could point out of the root file system).
    /// `pending`: the volumes whose first use this is.
    private func copyUp(_ c: Container, rootfs: String, volumePaths: [String: String], pending: Set<String>) throws {
        var done = Set<String>()
        for mount in c.config.mounts where mount.kind == .volume && done.insert(mount.source).inserted {
            guard let target = volumePaths[mount.source], pending.contains(mount.source) else { continue }
            defer { try? store.volumes.markCopiedUp(mount.source) }
            if mount.options.contains("nocopy") { continue }
            guard FileSystem.list(target).isEmpty else { continue }
            var source = rootfs
            var safe = true
            for component in mount.destination.split(separator: "/") {
                source += "/" + component
                var st = stat()
                if lstat(source, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR { safe = false; break }
            }
            guard safe, !FileSystem.list(source).isEmpty else { continue }
            let copied = try ChildProcess.run(["/bin/cp", "-a", source + "/.", target + "/"])
            if copied.status != 0 {
                throw EngineError(.system, "copying \(mount.destination) of the image into volume \(mount.source): \(copied.stderr)")
            }
        }
    }

    private func monitorArguments(_ c: Container, runtime: OCIRuntime, relay: String?, noCgroup: Bool) throws -> [String] {
        let bundle = bundle(c.id)
        var a = ["--api-version", "1", "-c", c.id, "-u", c.id, "-n", c.name, "-r", runtime.path, "-b", bundle,
                 "-p", bundle + "/pidfile", "--exit-dir", exitsDirectory, "--persist-dir", bundle,
                 "--conmon-pidfile", bundle + "/conmon.pid"]
        for arg in runtime.globalArguments { a += ["--runtime-arg", arg] }
        if noCgroup && runtime.supportsNoCgroups { a += ["--runtime-arg", "--cgroup-manager=disabled"] }
        switch c.config.logDriver {
        case .journald: a += ["-l", "journald:"]
        case .passthrough: a += ["-l", "passthrough"]
        case .none: a += ["-l", "none"]
        case .k8sFile: a += ["-l", "k8s-file:" + logPath(c)]
        }
        if let tag = c.config.logOptions["tag"] { a += ["--log-tag", tag] }
        if let size = c.config.logOptions["max-size"], let bytes = try? ByteSize.parse(size) { a += ["--log-size-max", String(bytes)] }
        if c.config.tty { a.append("-t") }
        if c.config.interactive { a.append("-i") }
        if let relay { a += ["--sdnotify-socket", relay] }
        if let timeout = c.config.timeout, timeout > 0 { a += ["--timeout", String(timeout)] }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        a += ["--exit-command", exe]
        // Both commands the monitor runs are berth on this store.
        var global = ["--root", store.root, "--runroot", store.runRoot, "--storage-driver", store.driver.rawValue]
        if let backend = store.requestedEventsBackend { global += ["--events-backend", backend.rawValue] }
        if let rt = c.config.runtime ?? runtimeOverride { global += ["--runtime", rt] }
        let cleanup = global + ["container", "cleanup"] + (c.config.autoRemove ? ["--rm"] : []) + [c.id]
        for arg in cleanup { a += ["--exit-command-arg", arg] }
        // A startup check runs first, at its own interval; `healthcheck run`
        // switches the monitor to the regular one when it passes.
        if let health = c.config.health, let interval = health.startup?.interval ?? (health.interval > 0 ? health.interval : nil) {
            a += ["--healthcheck-interval", String(max(1, Int((interval * 1000).rounded()))), "--healthcheck-command", exe]
            for arg in global + ["healthcheck", "run", c.id] { a += ["--healthcheck-command-arg", arg] }
        }
        return a
    }

    /// Where the runtime puts the container's cgroup. Under a systemd unit
    /// (or with --cgroups=split) a child of the unit's own cgroup, so the
    /// service owns it; otherwise a `berth` subtree.
    func cgroupsPath(_ c: Container) -> String? {
        if c.config.cgroupsMode == .disabled { return nil }
        if Rootless.isActive { return CgroupInfo.delegatedPath(parent: c.config.cgroupParent).map { $0 + "/berth-" + c.id } }
        if let parent = c.config.cgroupParent { return parent + "/berth-" + c.id }
        if CgroupInfo.isUnified, c.config.cgroupsMode == .split || SystemdNotify.underSystemd, let own = CgroupInfo.ownUnifiedPath {
            return (own == "/" ? "" : own) + "/berth-" + c.id
        }
        return "/berth/berth-" + c.id
    }

    private func writeEtcFiles(_ c: Container, bundle: String, network: NetworkAttachment.Record?) throws {
        let hostName = c.config.hostname
        try FileSystem.writeFileAtomically(bundle + "/hostname", Data((hostName + "\n").utf8))
        try FileSystem.writeFileAtomically(bundle + "/hosts", Data(hostsFile(c, network: network).utf8))
        try FileSystem.writeFileAtomically(bundle + "/resolv.conf", Data(resolvFile(c, network: network).utf8))
        let env = "engine=\"berth-\(BerthVersion.string)\"\nname=\"\(c.name)\"\nid=\"\(c.id)\"\nimage=\"\(c.config.imageName)\"\nimageid=\"\(c.record.imageId ?? "")\"\n"
        try FileSystem.writeFileAtomically(bundle + "/.containerenv", Data(env.utf8))
    }

    /// `/etc/hosts` as the container sees it: localhost, its addresses
    /// named after it (or 127.0.1.1 without networks), the gateway as
    /// `host.containers.internal`, `--add-host` entries.
    /// `network` is the attachment whose namespace the container uses: its
    /// own, or (joined with `container:`/`--pod`) the one it joined.
    func hostsFile(_ c: Container, network: NetworkAttachment.Record?) -> String {
        let hostName = c.config.hostname
        var hosts = "127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4\n::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6\n"
        if c.config.network == .host, let host = try? FileSystem.readFile("/etc/hosts") {
            hosts = String(decoding: host, as: UTF8.self)
            if !hosts.hasSuffix("\n") { hosts += "\n" }
        }
        if let network, !network.addresses.isEmpty {
            for address in network.addresses { hosts += "\(address)\t\(hostName) \(c.name)\n" }
            if let gateway = network.firstGateway { hosts += "\(gateway)\thost.containers.internal\n" }
        } else {
            hosts += "127.0.1.1\t\(hostName) \(c.name)\n"
        }
        for entry in c.config.addHosts ?? [] {
            let parts = entry.split(separator: ":", maxSplits: 1)
            hosts += "\(parts[1])\t\(parts[0])\n"
        }
        return hosts
    }

    func resolvFile(_ c: Container, network: NetworkAttachment.Record?) -> String {
        let hostResolv = String(decoding: (try? FileSystem.readFile("/etc/resolv.conf")) ?? Data(), as: UTF8.self)
        return Self.resolvConf(hostResolv, c.config, network: network)
    }

    /// The host's resolv.conf with `--dns` / `--dns-search` / `--dns-option`
    /// replacing its nameserver / search / options lines (`--dns none`: no nameservers).
    /// On bridge networks the host's loopback nameservers (unreachable from
    /// the namespace) are dropped and aardvark's servers and search domains come first.
    static func resolvConf(_ host: String, _ config: ContainerConfiguration, network: NetworkAttachment.Record? = nil) -> String {
        var lines = host.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let network {
            lines.removeAll { line in
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return f.count > 1 && f[0] == "nameserver" && (f[1].hasPrefix("127.") || f[1] == "::1")
            }
            let search = network.dnsSearchDomains
            if !search.isEmpty {
                if let i = lines.firstIndex(where: { $0.hasPrefix("search ") || $0.hasPrefix("search\t") }) {
                    lines[i] = "search " + (search + lines[i].dropFirst(7).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)).joined(separator: " ")
                } else {
                    lines.insert("search " + search.joined(separator: " "), at: 0)
                }
            }
            let servers = network.dnsServers.map { "nameserver " + $0 }
            if let i = lines.firstIndex(where: { $0.hasPrefix("nameserver") }) { lines.insert(contentsOf: servers, at: i) } else { lines += servers }
        }
        func replace(_ keyword: String, with values: [String]?, joined: Bool) {
            guard let values else { return }
            lines.removeAll { $0.hasPrefix(keyword + " ") || $0.hasPrefix(keyword + "\t") }
            let kept = values.filter { $0 != "none" && $0 != "." }
            guard !kept.isEmpty else { return }
            lines += joined ? [keyword + " " + kept.joined(separator: " ")] : kept.map { keyword + " " + $0 }
        }
        replace("nameserver", with: config.dnsServers.map { (network?.dnsServers ?? []) + $0 }, joined: false)
        replace("search", with: config.dnsSearch.map { (network?.dnsSearchDomains ?? []) + $0 }, joined: true)
        replace("options", with: config.dnsOptions, joined: true)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Connects to `<bundle>/attach` (through /proc/self/fd: the path may be
    /// longer than a socket address allows). Returns -1 on failure.
    package func connectAttach(_ bundle: String) -> Int32 {
        let dirfd = open(bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { return -1 }
        defer { close(dirfd) }
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array("/proc/self/fd/\(dirfd)/attach".utf8) + [0]
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.enumerated() where i < raw.count { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 { close(fd); return -1 }
        return fd
    }

    // MARK: exit and cleanup

    /// The monitor's exit command: record the exit, release everything,
    /// remove `--rm` containers. A container already gone is fine.
    public func cleanup(_ nameOrID: String, remove forceRemove: Bool = false) throws {
        let lock: FileLock
        var c: Container
        do {
            let c0 = try loadRecorded(nameOrID)
            lock = try self.lock(c0.id)
            c = try loadRecorded(c0.id)
        } catch let error as EngineError where error.kind == .notFound {
            return
        }
        let restart: Bool = try {
            defer { lock.unlock() }
            if c.unreadable != nil { return false }
            try syncExit(&c, holdingLock: true)
            if c.isRunning { return false }
            try releaseResources(&c)
            if c.config.autoRemove || forceRemove {
                try removeLocked(&c, volumes: true)
                try lock.removeFile()
                return false
            }
            return try claimRestart(&c)
        }()
        // Outside the lock: start takes it.
        if restart { _ = try start(c.id); return }
        if let pod = c.config.pod, c.config.podInfra != true { try PodManager(store: store, runtimeOverride: runtimeOverride).memberExited(pod) }
    }

    /// Waits for the exit file (or the monitor's death) up to `timeout`
    /// seconds (nil: no limit). Returns whether the container exited.
    package func waitForExit(_ c: inout Container, timeout: Double?) throws -> Bool {
        let deadline = timeout.map { Timestamp.now() + $0 }
        var delay: UInt32 = 1000
        while true {
            if try syncExit(&c) || !c.isRunning { return true }
            if let deadline, Timestamp.now() >= deadline { return false }
            usleep(delay)
            delay = min(delay * 2, 20_000)
        }
    }

    // MARK: stop, kill, remove

    public func stop(_ nameOrID: String, timeout: Int?) throws -> Container {
        let c0 = try load(nameOrID)
        let lock = try lock(c0.id)
        defer { lock.unlock() }
        var c = try loadRecorded(c0.id)
        try stopLocked(&c, timeout: timeout)
        return store.events.noting("stop", c)
    }

    func stopLocked(_ c: inout Container, timeout: Int?) throws {
        try syncExit(&c, holdingLock: true)
        do {
            try signalUntilExit(&c, timeout: timeout)
        } catch {
            // Still running: recorded so, not left `stopping`.
            if c.state.status == .stopping {
                c.state.status = .running
                try save(c)
            }
            throw error
        }
        try releaseResources(&c)
    }

    private func signalUntilExit(_ c: inout Container, timeout: Int?) throws {
        if c.isRunning {
            let runtime = try currentRuntime(c)
            let seconds = timeout ?? c.config.stopTimeout
            // A paused container's processes see the signal once thawed.
            var frozen = c.state.status == .paused
            c.state.status = .stopping
            c.state.userStoppedRun = c.state.startedAt
            try save(c)
            var exited = false
            if seconds > 0 {
                _ = try runtime.kill(c.id, signal: c.config.stopSignal)
                if frozen { try runtime.resume(c.id); frozen = false }
                exited = try waitForExit(&c, timeout: Double(seconds))
            }
            if !exited {
                // Without a cgroup of its own there is no "all" to kill: the
                // pid namespace takes everything with its init. (Rootless
                // containers have one only where it was delegated.)
                let hasCgroup = c.config.cgroupsMode != .disabled && (!Rootless.isActive || c.state.held.contains { $0.kind == .cgroup })
                _ = try runtime.kill(c.id, signal: SIGKILL, all: hasCgroup)
                if frozen { try runtime.resume(c.id) }
                if !(try waitForExit(&c, timeout: 60)) {
                    throw EngineError(.system, "container \(c.id) did not exit within 60 seconds of SIGKILL")
                }
            }
        }
    }

    public func kill(_ nameOrID: String, signal: Int32) throws -> Container {
        var c = try load(nameOrID)
        try c.requireReadable("kill")
        try syncExit(&c)
        guard c.isRunning else {
            throw EngineError(.conflict, "can only kill running containers. \(c.id) is in state \(c.statusWord): container state improper")
        }
        c.state.userStoppedRun = c.state.startedAt
        try save(c)
        _ = try currentRuntime(c).kill(c.id, signal: signal)
        return c
    }

    /// The process of the container's runtime spec: what `runtime exec`
    /// processes (exec sessions, healthchecks) start from.
    func specProcess(_ c: Container) throws -> RuntimeSpec.Process {
        guard let data = try FileSystem.readFileIfPresent(bundle(c.id) + "/config.json"),
              let process = try JSONDecoder().decode(RuntimeSpec.self, from: data).process as RuntimeSpec.Process? else {
            throw EngineError(.corrupt, "container \(c.id) has no runtime spec")
        }
        return process
    }

    package func currentRuntime(_ c: Container) throws -> OCIRuntime {
        try c.state.heldRuntime ?? OCIRuntime.select(requested: c.config.runtime ?? runtimeOverride, runRoot: store.runRoot)
    }

    /// `rm`: a running container needs `force` (then it is stopped first),
    /// and so does one whose record cannot be read (whatever it may hold
    /// is given back).
    /// A pod's infra container goes only with its pod (`removingPod`), and
    /// a container whose namespaces others join only after them.
    public func remove(_ nameOrID: String, force: Bool, timeout: Int?, volumes: Bool = false, removingPod: Bool = false) throws {
        let c0 = try loadRecorded(nameOrID)
        let lock: FileLock
        var c: Container
        do {
            lock = try self.lock(c0.id)
            c = try loadRecorded(c0.id)
        } catch let error as EngineError where error.kind == .notFound {
            // Removed by another process while this one waited: done.
            return
        }
        defer { lock.unlock() }
        if c.config.podInfra == true && !removingPod, let pod = c.config.pod {
            throw EngineError(.conflict, "container \(c.id) is the infra container of pod \(pod) and cannot be removed without removing the pod")
        }
        let dependents = try dependents(of: c.id)
        if !dependents.isEmpty {
            throw EngineError(.conflict, "container \(c.id) has dependent containers which must be removed before it: \(dependents.map(\.id).joined(separator: ", ")): container state improper")
        }
        if let unreadable = c.unreadable {
            guard force else {
                throw EngineError(.corrupt, "cannot remove container \(c.id) without --force: its stored record cannot be read (\(unreadable))")
            }
            if !c.stateReadable { try releaseUnknownResources(c) }
        }
        try syncExit(&c, holdingLock: true)
        if c.isRunning {
            guard force else {
                throw EngineError(.conflict, "cannot remove container \(c.id) as it is running - running or paused containers cannot be removed without force: container state improper", exitCode: 2)
            }
            try stopLocked(&c, timeout: timeout)
        }
        try releaseResources(&c)
        try removeLocked(&c, volumes: volumes)
        try lock.removeFile()
    }

    /// Files first, the record last: a process killed in between leaves a
    /// record the next `rm` finishes, never files nobody knows about.
    private func removeLocked(_ c: inout Container, volumes: Bool) throws {
        // Renamed first: a healthcheck still finishing writes its exec
        // files into the bundle, and must not refill the directory being
        // removed (it fails on the missing path instead).
        let removing = bundle(c.id) + ".removing"
        try FileSystem.removeTree(removing)
        if Glibc.rename(bundle(c.id), removing) != 0 && errno != ENOENT {
            throw EngineError.system("rename \(bundle(c.id)) to remove it", errno)
        }
        try FileSystem.removeTree(removing)
        unlink(exitFile(c.id))
        try FileSystem.removeTree(dataDirectory(c.id))
        if let dir = c.config.health?.logDirectory { unlink(dir + "/" + c.id + "-healthcheck.log") }
        if c.config.health != nil {
            // Removed while held, as the container's own lock is by its callers.
            let healthLock = try store.objectLock("health-" + c.id)
            try healthLock.lock(exclusive: true)
            defer { healthLock.unlock() }
            try healthLock.removeFile()
        }
        try store.containers.remove(c.id)
        store.events.container("remove", c)
        // Held by us: waiters find it gone and take the lock again (see `lock`).
        unlink(try store.objectLock("container-" + c.id).path)
        // `rm -v`, `--rm`: the container's anonymous volumes go with it
        // (one another container still mounts stays).
        guard volumes else { return }
        for mount in c.config.mounts where mount.anonymous == true && !mount.source.isEmpty {
            do { try store.volumes.remove(mount.source, force: false) } catch let e as EngineError where e.kind == .notFound || e.kind == .inUse {}
        }
    }
}

extension Store {
    public func containerManager(runtime: String? = nil) -> ContainerManager {
        ContainerManager(store: self, runtimeOverride: runtime)
    }
}
