import Foundation

/// `inspect` output for a container: Podman's JSON shape for the fields
/// people script against.
public struct ContainerInspectReport: Encodable {
    /// The Go type Podman renders `inspect --format` over.
    package static let goType = "*define.InspectContainerData"

    public var Id: String
    public var Created: String
    public var Path: String
    public var Args: [String]
    public var State: StateReport
    public var Image: String
    public var ImageName: String
    public var Rootfs: String
    public var Pod: String
    /// `--requires`: the IDs of the containers started before this one.
    public var Dependencies: [String]
    public var ResolvConfPath: String
    public var HostnamePath: String
    public var HostsPath: String
    public var StaticDir: String
    public var OCIRuntime: String
    public var ConmonPidFile: String
    public var PidFile: String
    public var Name: String
    public var RestartCount: Int
    public var Driver: String
    public var MountLabel: String
    public var ProcessLabel: String
    public var AppArmorProfile: String
    /// Only with `--size`: bytes in the container's writable layer, and
    /// in its image and that layer together.
    public var SizeRw: Int64?
    public var SizeRootFs: Int64?
    public var Mounts: [MountReport]
    public var Config: ConfigReport
    public var HostConfig: HostConfigReport
    public var NetworkSettings: NetworkSettingsReport

    public struct StateReport: Encodable {
        public var OciVersion: String
        public var Status: String
        public var Running: Bool
        public var Paused: Bool
        public var Restarting: Bool
        public var OOMKilled: Bool
        public var Dead: Bool
        public var Pid: Int32
        public var ConmonPid: Int32
        public var ExitCode: Int32
        public var Error: String
        public var StartedAt: String
        public var FinishedAt: String
        public var CheckpointedAt: String
        public var RestoredAt: String
        /// Only for containers with a healthcheck.
        public var Health: HealthState?
    }

    public struct MountReport: Encodable {
        public var `Type`: String
        public var Name: String?
        public var Source: String
        public var Destination: String
        public var Driver: String
        public var Mode: String
        public var Options: [String]
        public var RW: Bool
        public var Propagation: String
    }

    public struct ConfigReport: Encodable {
        public var Hostname: String
        public var Domainname: String
        public var User: String
        public var AttachStdin: Bool
        public var AttachStdout: Bool
        public var AttachStderr: Bool
        public var Tty: Bool
        public var OpenStdin: Bool
        public var StdinOnce: Bool
        public var Env: [String]
        public var Cmd: [String]
        public var Image: String
        public var Volumes: [String: String]?
        public var WorkingDir: String
        public var Entrypoint: String
        public var OnBuild: String?
        public var Labels: [String: String]?
        public var Annotations: [String: String]
        public var StopSignal: Int32
        public var StopTimeout: Int
        public var CreateCommand: [String]
        public var Timezone: String
        public var ChrootDirs: [String]?
        public var SystemdMode: Bool?
        public var SdNotifyMode: String
        public var Umask: String
        /// Podman's list: the mount-type secrets (names and IDs, never values).
        public var Secrets: [SecretReport]?
        /// Podman's shape: Test as given (["CMD-SHELL", ...] or ["CMD", ...]), durations in nanoseconds.
        public var Healthcheck: HealthcheckReport?
        public var HealthcheckOnFailureAction: String?
    }

    public struct SecretReport: Encodable {
        public var Name: String
        public var ID: String
        public var UID: UInt32
        public var GID: UInt32
        public var Mode: UInt32
    }

    public struct HealthcheckReport: Encodable {
        public var Test: [String]
        public var StartPeriod: Int64?
        public var Interval: Int64?
        public var Timeout: Int64?
        public var Retries: Int?
    }

    public struct HostConfigReport: Encodable {
        public var Binds: [String]
        public var CgroupManager: String
        public var CgroupMode: String
        public var LogConfig: LogConfigReport
        public var NetworkMode: String
        public var AutoRemove: Bool
        public var CapAdd: [String]
        public var CapDrop: [String]
        public var Devices: [String]
        public var ReadonlyRootfs: Bool
        public var SecurityOpt: [String]
        public var Tmpfs: [String: String]
        public var ShmSize: Int64
        public var Memory: Int64
        public var PidsLimit: Int64
        public var Ulimits: [String]
        public var Sysctls: [String: String]
        public var Init: Bool
        public var CgroupParent: String
        /// "" in the host's user namespace, else "private" or the --userns mode.
        public var UsernsMode: String
        public var IDMappings: IDMappingsReport?
        public var OomScoreAdj: Int
        public var CgroupnsMode: String
        public var DeviceCgroupRules: [String]
    }

    public struct IDMappingsReport: Encodable {
        public var UidMap: [String]
        public var GidMap: [String]
    }

    public struct LogConfigReport: Encodable {
        public var `Type`: String
        public var Config: [String: String]?
        public var Path: String
        public var Tag: String
        public var Size: String
    }

    init(_ c: Container, manager: ContainerManager) {
        let bundle = manager.bundle(c.id)
        func time(_ t: Double?) -> String { t.map { Timestamp.rfc3339($0) } ?? "0001-01-01T00:00:00Z" }
        Id = c.id
        Created = Timestamp.rfc3339(c.record.created)
        Path = c.config.args.first ?? ""
        Args = Array(c.config.args.dropFirst())
        State = StateReport(OciVersion: "1.0.2-dev", Status: c.statusWord, Running: c.isRunning && c.state.status != .paused, Paused: c.state.status == .paused, Restarting: false,
                            OOMKilled: c.state.oomKilled, Dead: false, Pid: c.isRunning ? c.state.pid : 0,
                            ConmonPid: c.isRunning ? c.state.monitorPid : 0, ExitCode: c.state.exitCode, Error: "",
                            StartedAt: time(c.state.startedAt), FinishedAt: time(c.state.finishedAt),
                            CheckpointedAt: "0001-01-01T00:00:00Z", RestoredAt: "0001-01-01T00:00:00Z",
                            Health: ContainerHealthChecker(manager: manager).state(c))
        Image = c.record.imageId ?? ""
        ImageName = c.config.imageName
        Rootfs = ""
        Pod = c.config.pod ?? ""
        Dependencies = c.config.requires ?? []
        ResolvConfPath = bundle + "/resolv.conf"
        HostnamePath = bundle + "/hostname"
        HostsPath = bundle + "/hosts"
        StaticDir = manager.dataDirectory(c.id)
        OCIRuntime = c.state.heldRuntime?.name ?? (c.config.runtime ?? "runc")
        ConmonPidFile = bundle + "/conmon.pid"
        PidFile = bundle + "/pidfile"
        Name = c.name
        RestartCount = c.state.restartCount
        Driver = manager.store.driver.rawValue
        MountLabel = ""
        ProcessLabel = ""
        AppArmorProfile = ""
        Mounts = c.config.mounts.filter { $0.kind != .tmpfs }.map { m in
            let source = m.kind == .volume ? manager.store.volumesDirectory + "/" + m.source + "/_data" : m.source
            return MountReport(Type: m.kind == .volume ? "volume" : "bind", Name: m.kind == .volume ? m.source : nil,
                               Source: source, Destination: m.destination, Driver: m.kind == .volume ? "local" : "",
                               Mode: "", Options: m.options.filter { $0 != "ro" && $0 != "rw" } + ["rbind"], RW: !m.readOnly, Propagation: "rprivate")
        }
        let cmd = c.config.command
        Config = ConfigReport(Hostname: c.config.hostname, Domainname: "", User: c.config.user, AttachStdin: false,
                              AttachStdout: false, AttachStderr: false, Tty: c.config.tty, OpenStdin: c.config.interactive,
                              StdinOnce: false, Env: c.config.env, Cmd: cmd, Image: c.config.imageName, Volumes: nil,
                              WorkingDir: c.config.workingDir, Entrypoint: c.config.entrypoint.joined(separator: " "), OnBuild: nil,
                              Labels: c.config.labels.isEmpty ? nil : c.config.labels, Annotations: c.config.annotations,
                              StopSignal: c.config.stopSignal, StopTimeout: c.config.stopTimeout, CreateCommand: c.config.createCommand,
                              Timezone: c.config.timezone ?? "", ChrootDirs: c.config.chrootDirs, SystemdMode: c.config.systemdMode, SdNotifyMode: c.config.sdNotify.rawValue, Umask: "0022",
                              Secrets: c.config.secrets.map { list in
                                  list.filter { $0.kind == .mount }.map { SecretReport(Name: $0.name, ID: $0.id ?? "", UID: $0.uid, GID: $0.gid, Mode: $0.mode) }
                              },
                              Healthcheck: c.config.health.map { h in
                                  func ns(_ s: Double) -> Int64? { s > 0 ? Int64((s * 1e9).rounded()) : nil }
                                  let test = h.test.count == 3 && h.test[0] == "/bin/sh" && h.test[1] == "-c" ? ["CMD-SHELL", h.test[2]] : ["CMD"] + h.test
                                  return HealthcheckReport(Test: test, StartPeriod: ns(h.startPeriod), Interval: ns(h.interval),
                                                           Timeout: ns(h.timeout), Retries: h.retries)
                              },
                              HealthcheckOnFailureAction: c.config.health.map { ($0.onFailure ?? .none).rawValue })
        NetworkSettings = NetworkSettingsReport(c)
        var tmpfs: [String: String] = [:]
        for m in c.config.mounts where m.kind == .tmpfs { tmpfs[m.destination] = m.options.joined(separator: ",") }
        HostConfig = HostConfigReport(
            Binds: c.config.mounts.filter { $0.kind != .tmpfs }.map { "\($0.source):\($0.destination)" + ($0.options.isEmpty ? "" : ":" + $0.options.joined(separator: ",")) },
            CgroupManager: "cgroupfs", CgroupMode: c.config.cgroupsMode == .disabled ? "host" : "private",
            LogConfig: LogConfigReport(Type: c.config.logDriver.rawValue, Config: nil,
                                       Path: c.config.logDriver == .k8sFile ? manager.logPath(c) : "",
                                       Tag: c.config.logOptions["tag"] ?? "", Size: c.config.logOptions["max-size"] ?? "0B"),
            NetworkMode: c.config.network.description, AutoRemove: c.config.autoRemove, CapAdd: c.config.capAdd, CapDrop: c.config.capDrop,
            Devices: c.config.devices, ReadonlyRootfs: c.config.readOnly,
            SecurityOpt: c.config.noNewPrivileges ? ["no-new-privileges"] : [], Tmpfs: tmpfs,
            ShmSize: c.config.shmSize ?? 65_536_000, Memory: c.config.memoryLimit ?? 0, PidsLimit: c.config.pidsLimit ?? 0,
            Ulimits: c.config.ulimits, Sysctls: c.config.sysctls, Init: c.config.initProcess, CgroupParent: c.config.cgroupParent ?? "",
            UsernsMode: c.config.userNamespace.map { $0.mode.isEmpty ? "private" : $0.mode } ?? "",
            IDMappings: c.config.userNamespace.map { ns in
                IDMappingsReport(UidMap: ns.uidMappings.map { "\($0.containerID):\($0.hostID):\($0.size)" },
                                 GidMap: ns.gidMappings.map { "\($0.containerID):\($0.hostID):\($0.size)" })
            },
            OomScoreAdj: c.config.oomScoreAdj ?? 0, CgroupnsMode: c.config.cgroupNamespace.description,
            DeviceCgroupRules: c.config.deviceCgroupRules ?? [])
    }
}

extension ContainerManager {
    /// The inspect report of one container (its state synced first);
    /// with `size` its sizes, as Podman's `inspect --size` adds them.
    public func inspect(_ nameOrID: String, size: Bool = false) throws -> ContainerInspectReport {
        var c = try load(nameOrID)
        try c.requireReadable("inspect")
        try syncExit(&c)
        var report = ContainerInspectReport(c, manager: self)
        if size {
            let rw = try c.record.layerId.map { try FileSystem.treeSize(store.layers.diffPath($0)) } ?? 0
            let image = try c.record.imageId.flatMap { id in try store.database.read { db in try ImageRecord.fetchOne(db, key: id) } }
            report.SizeRw = rw
            report.SizeRootFs = (image?.size ?? 0) + rw
        }
        return report
    }
}
