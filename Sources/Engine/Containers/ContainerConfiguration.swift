import Foundation

/// Everything `create`/`run` decided about a container, stored as JSON in
/// `ContainerRecord.config`. Image defaults are already merged in.
///
/// Versioned and tolerant (see the `init(from:)` below): a field added
/// later needs a default, never a migration of the stored records.
public struct ContainerConfiguration: Codable, Sendable {
    /// 1: the first versioned form; records without the field are 0.
    public static let currentSchemaVersion = 1

    public var schemaVersion = ContainerConfiguration.currentSchemaVersion
    /// The image as the user named it, and its full name.
    public var imageReference: String
    public var imageName: String
    /// Process arguments (entrypoint + command) and the two halves as given.
    public var args: [String]
    public var entrypoint: [String]
    public var command: [String]
    public var env: [String]
    /// `--unsetenv` names and `--unsetenv-all`: the defaults added at start
    /// (PATH, TERM, container, HOSTNAME) that are left out (nil in older records).
    public var unsetEnv: [String]?
    public var unsetEnvAll: Bool?
    public var workingDir: String
    /// `--user` as given ("" for the image's or root).
    public var user: String
    public var groupAdd: [String] = []
    /// `--passwd-entry`, `--group-entry`, `--hostuser` (nil in older records).
    public var passwdEntry: String?
    public var groupEntry: String?
    public var hostUsers: [String]?
    public var hostname: String
    /// `--add-host NAME:IP` entries for /etc/hosts (optional: older records lack them).
    public var addHosts: [String]?
    /// `--dns`, `--dns-search`, `--dns-option`: replace the host's lines in resolv.conf.
    public var dnsServers: [String]?
    public var dnsSearch: [String]?
    public var dnsOptions: [String]?
    public var labels: [String: String] = [:]
    public var annotations: [String: String] = [:]
    public var mounts: [ContainerMountSpec] = []
    public var readOnly = false
    public var readOnlyTmpfs = true
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var noNewPrivileges = false
    /// nil: the default profile; "unconfined": none; else a path.
    public var seccompProfile: String?
    public var maskPaths: [String] = []
    public var unmaskPaths: [String] = []
    public var devices: [String] = []
    /// `--device-cgroup-rule`s as given (nil in older records).
    public var deviceCgroupRules: [String]?
    public var sysctls: [String: String] = [:]
    public var ulimits: [String] = []
    public var pidsLimit: Int64?
    public var memoryLimit: Int64?
    public var shmSize: Int64?
    public var stopSignal: Int32 = 15
    public var stopTimeout: Int = 10
    public var initProcess = false
    /// `--init-path` (nil: catatonit where installed).
    public var initPath: String?
    public var timezone: String?
    public var logDriver: LogDriver
    public var logOptions: [String: String] = [:]
    public var cgroupsMode: CgroupsMode = .enabled
    public var cgroupParent: String?
    public var sdNotify: SdNotifyMode = .container
    public var network: NetworkMode
    /// The bridge networks joined, in order (eth0, eth1, ...); nil in older records.
    public var networks: [ContainerNetworkRequest]?
    /// `--publish`, and `--publish-all` for the image's and `--expose`d ports (host port 0: chosen at start).
    public var portMappings: [PortMapping]?
    /// `--no-hosts`: /etc/hosts is not written (the image's own is kept).
    public var noHosts: Bool?
    public var autoRemove = false
    /// `--restart`: what the monitor's exit command does when the container exits (nil: `no`).
    public var restartPolicy: RestartPolicy?
    public var tty = false
    public var interactive = false
    public var health: HealthCheck?
    /// `--userns` / `--uidmap` / `--gidmap` / `--subuidname`: nil runs in the host's user namespace.
    public var userNamespace: UserNamespaceConfig?
    public var createCommand: [String] = []
    /// `--secret`s (names and how they are shown; never values); nil in older records.
    public var secrets: [ContainerSecret]?
    public var runtime: String?
    public var timeout: Int?
    /// `--ipc`, `--uts`, `--pid` (nil: a namespace of its own); a pod's
    /// members get `container:INFRA` for those the pod shares.
    public var ipc: NamespaceMode?
    public var uts: NamespaceMode?
    public var pid: NamespaceMode?
    /// `--cgroupns`, settled at create (nil in older records: private on cgroup v2, else host).
    public var cgroupns: NamespaceMode?
    /// `--requires`, by ID: started before this container (nil in older records).
    public var requires: [String]?
    /// True when `--systemd` set the container up for systemd as its init.
    public var systemdMode: Bool?
    /// `--chrootdirs` (nil in older records).
    public var chrootDirs: [String]?
    /// The ID of the pod the container belongs to.
    public var pod: String?
    /// True for a pod's infra container (removed only with its pod).
    public var podInfra: Bool?
    /// `--conmon-pidfile`: where each start writes the monitor's pid
    /// (a pod's `--infra-conmon-pidfile`, a forking service's PIDFile).
    public var conmonPidfile: String?
    /// `--oom-score-adj` (nil: the process inherits berth's).
    public var oomScoreAdj: Int?
    /// `--personality` (nil: the host's execution domain).
    public var personality: Personality?

    public struct HealthCheck: Codable, Sendable {
        public var test: [String]
        public var interval: Double
        public var retries: Int
        public var startPeriod: Double
        public var timeout: Double
        /// `--health-on-failure` (nil: none).
        public var onFailure: HealthFailureAction?
        /// `--health-max-log-count` / `--health-max-log-size` (nil: Podman's 5 and 500; 0: unlimited).
        public var maxLogCount: Int?
        public var maxLogSize: Int?
        /// `--health-log-destination`: a directory for the results (nil: "local", the container's directory).
        public var logDirectory: String?
        /// `--health-startup-*`: checked first; the regular checks begin once it passes.
        public var startup: StartupCheck?
    }

    public struct StartupCheck: Codable, Sendable {
        public var test: [String]
        public var interval: Double
        /// Failures before the container is restarted (0: never).
        public var retries: Int
        /// Passes needed before the regular checks begin (0 counts as 1).
        public var successes: Int
        public var timeout: Double

        package init(test: [String], interval: Double, retries: Int, successes: Int, timeout: Double) {
            self.test = test
            self.interval = interval
            self.retries = retries
            self.successes = successes
            self.timeout = timeout
        }
    }
}

/// One mount the user asked for: a bind, a named volume, or a tmpfs.
public struct ContainerMountSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case bind, volume, tmpfs
    }
    public var kind: Kind
    /// Host path (bind) or volume name (volume); empty for tmpfs.
    public var source: String
    public var destination: String
    public var options: [String]
    /// An anonymous volume (`-v /data`): named at create time (64 hex
    /// digits), removed with the container by `rm -v` and `--rm`.
    public var anonymous: Bool?

    package init(kind: Kind, source: String, destination: String, options: [String], anonymous: Bool? = nil) {
        self.kind = kind
        self.source = source
        self.destination = destination
        self.options = options
        self.anonymous = anonymous
    }

    public var readOnly: Bool { options.contains("ro") || options.contains("readonly") }
}

/// Where a container is in its life. `configured` means created with no
/// runtime state; `exited` means it ran and cleanup recorded its status.
public enum ContainerStatus: String, Codable, Sendable {
    case created
    case running
    case stopping
    case exited
    /// Frozen by `pause` (the runtime's freezer); its processes still exist.
    case paused
}

extension ContainerConfiguration {
    enum CodingKeys: String, CodingKey {
        case schemaVersion, imageReference, imageName, args, entrypoint, command, env, unsetEnv, unsetEnvAll, workingDir, user, groupAdd, passwdEntry, groupEntry, hostUsers, hostname, addHosts, dnsServers, dnsSearch, dnsOptions, labels, annotations, mounts, readOnly, readOnlyTmpfs, capAdd, capDrop, noNewPrivileges, seccompProfile, maskPaths, unmaskPaths, devices, deviceCgroupRules, sysctls, ulimits, pidsLimit, memoryLimit, shmSize, stopSignal, stopTimeout, initProcess, initPath, timezone, logDriver, logOptions, cgroupsMode, cgroupParent, sdNotify, network, networks, portMappings, noHosts, restartPolicy, autoRemove, tty, interactive, health, userNamespace, createCommand, secrets, runtime, timeout, ipc, uts, pid, cgroupns, requires, systemdMode, chrootDirs, pod, podInfra, conmonPidfile, oomScoreAdj, personality
    }

    /// Every field may be missing (its default then) and unknown ones are
    /// ignored: a record written by an older or newer berth still reads.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 0
        imageReference = try c.decodeIfPresent(String.self, forKey: .imageReference) ?? ""
        imageName = try c.decodeIfPresent(String.self, forKey: .imageName) ?? ""
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        entrypoint = try c.decodeIfPresent([String].self, forKey: .entrypoint) ?? []
        command = try c.decodeIfPresent([String].self, forKey: .command) ?? []
        env = try c.decodeIfPresent([String].self, forKey: .env) ?? []
        unsetEnv = try c.decodeIfPresent([String].self, forKey: .unsetEnv)
        unsetEnvAll = try c.decodeIfPresent(Bool.self, forKey: .unsetEnvAll)
        workingDir = try c.decodeIfPresent(String.self, forKey: .workingDir) ?? ""
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? ""
        groupAdd = try c.decodeIfPresent([String].self, forKey: .groupAdd) ?? []
        passwdEntry = try c.decodeIfPresent(String.self, forKey: .passwdEntry)
        groupEntry = try c.decodeIfPresent(String.self, forKey: .groupEntry)
        hostUsers = try c.decodeIfPresent([String].self, forKey: .hostUsers)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname) ?? ""
        addHosts = try c.decodeIfPresent([String].self, forKey: .addHosts)
        dnsServers = try c.decodeIfPresent([String].self, forKey: .dnsServers)
        dnsSearch = try c.decodeIfPresent([String].self, forKey: .dnsSearch)
        dnsOptions = try c.decodeIfPresent([String].self, forKey: .dnsOptions)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        mounts = try c.decodeIfPresent([ContainerMountSpec].self, forKey: .mounts) ?? []
        readOnly = try c.decodeIfPresent(Bool.self, forKey: .readOnly) ?? false
        readOnlyTmpfs = try c.decodeIfPresent(Bool.self, forKey: .readOnlyTmpfs) ?? true
        capAdd = try c.decodeIfPresent([String].self, forKey: .capAdd) ?? []
        capDrop = try c.decodeIfPresent([String].self, forKey: .capDrop) ?? []
        noNewPrivileges = try c.decodeIfPresent(Bool.self, forKey: .noNewPrivileges) ?? false
        seccompProfile = try c.decodeIfPresent(String.self, forKey: .seccompProfile)
        maskPaths = try c.decodeIfPresent([String].self, forKey: .maskPaths) ?? []
        unmaskPaths = try c.decodeIfPresent([String].self, forKey: .unmaskPaths) ?? []
        devices = try c.decodeIfPresent([String].self, forKey: .devices) ?? []
        deviceCgroupRules = try c.decodeIfPresent([String].self, forKey: .deviceCgroupRules)
        sysctls = try c.decodeIfPresent([String: String].self, forKey: .sysctls) ?? [:]
        ulimits = try c.decodeIfPresent([String].self, forKey: .ulimits) ?? []
        pidsLimit = try c.decodeIfPresent(Int64.self, forKey: .pidsLimit)
        memoryLimit = try c.decodeIfPresent(Int64.self, forKey: .memoryLimit)
        shmSize = try c.decodeIfPresent(Int64.self, forKey: .shmSize)
        stopSignal = try c.decodeIfPresent(Int32.self, forKey: .stopSignal) ?? 15
        stopTimeout = try c.decodeIfPresent(Int.self, forKey: .stopTimeout) ?? 10
        initProcess = try c.decodeIfPresent(Bool.self, forKey: .initProcess) ?? false
        initPath = try c.decodeIfPresent(String.self, forKey: .initPath)
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        logDriver = try c.decodeIfPresent(LogDriver.self, forKey: .logDriver) ?? .k8sFile
        logOptions = try c.decodeIfPresent([String: String].self, forKey: .logOptions) ?? [:]
        cgroupsMode = try c.decodeIfPresent(CgroupsMode.self, forKey: .cgroupsMode) ?? .enabled
        cgroupParent = try c.decodeIfPresent(String.self, forKey: .cgroupParent)
        sdNotify = try c.decodeIfPresent(SdNotifyMode.self, forKey: .sdNotify) ?? .container
        network = try c.decodeIfPresent(NetworkMode.self, forKey: .network) ?? .none
        networks = try c.decodeIfPresent([ContainerNetworkRequest].self, forKey: .networks)
        portMappings = try c.decodeIfPresent([PortMapping].self, forKey: .portMappings)
        noHosts = try c.decodeIfPresent(Bool.self, forKey: .noHosts)
        restartPolicy = try c.decodeIfPresent(RestartPolicy.self, forKey: .restartPolicy)
        autoRemove = try c.decodeIfPresent(Bool.self, forKey: .autoRemove) ?? false
        tty = try c.decodeIfPresent(Bool.self, forKey: .tty) ?? false
        interactive = try c.decodeIfPresent(Bool.self, forKey: .interactive) ?? false
        health = try c.decodeIfPresent(HealthCheck.self, forKey: .health)
        userNamespace = try c.decodeIfPresent(UserNamespaceConfig.self, forKey: .userNamespace)
        createCommand = try c.decodeIfPresent([String].self, forKey: .createCommand) ?? []
        secrets = try c.decodeIfPresent([ContainerSecret].self, forKey: .secrets)
        runtime = try c.decodeIfPresent(String.self, forKey: .runtime)
        timeout = try c.decodeIfPresent(Int.self, forKey: .timeout)
        ipc = try c.decodeIfPresent(NamespaceMode.self, forKey: .ipc)
        uts = try c.decodeIfPresent(NamespaceMode.self, forKey: .uts)
        pid = try c.decodeIfPresent(NamespaceMode.self, forKey: .pid)
        cgroupns = try c.decodeIfPresent(NamespaceMode.self, forKey: .cgroupns)
        requires = try c.decodeIfPresent([String].self, forKey: .requires)
        chrootDirs = try c.decodeIfPresent([String].self, forKey: .chrootDirs)
        systemdMode = try c.decodeIfPresent(Bool.self, forKey: .systemdMode)
        pod = try c.decodeIfPresent(String.self, forKey: .pod)
        podInfra = try c.decodeIfPresent(Bool.self, forKey: .podInfra)
        conmonPidfile = try c.decodeIfPresent(String.self, forKey: .conmonPidfile)
        oomScoreAdj = try c.decodeIfPresent(Int.self, forKey: .oomScoreAdj)
        personality = try c.decodeIfPresent(Personality.self, forKey: .personality)
    }
}

extension ContainerConfiguration.HealthCheck {
    enum CodingKeys: String, CodingKey {
        case test, interval, retries, startPeriod, timeout, onFailure, maxLogCount, maxLogSize, logDirectory, startup
    }

    /// Missing fields take their defaults, unknown ones are ignored.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        test = try c.decodeIfPresent([String].self, forKey: .test) ?? []
        interval = try c.decodeIfPresent(Double.self, forKey: .interval) ?? 0
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? 0
        startPeriod = try c.decodeIfPresent(Double.self, forKey: .startPeriod) ?? 0
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout) ?? 0
        onFailure = try c.decodeIfPresent(HealthFailureAction.self, forKey: .onFailure)
        maxLogCount = try c.decodeIfPresent(Int.self, forKey: .maxLogCount)
        maxLogSize = try c.decodeIfPresent(Int.self, forKey: .maxLogSize)
        logDirectory = try c.decodeIfPresent(String.self, forKey: .logDirectory)
        startup = try c.decodeIfPresent(ContainerConfiguration.StartupCheck.self, forKey: .startup)
    }
}

extension ContainerConfiguration.StartupCheck {
    enum CodingKeys: String, CodingKey {
        case test, interval, retries, successes, timeout
    }

    /// Missing fields take their defaults, unknown ones are ignored.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        test = try c.decodeIfPresent([String].self, forKey: .test) ?? []
        interval = try c.decodeIfPresent(Double.self, forKey: .interval) ?? 0
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? 0
        successes = try c.decodeIfPresent(Int.self, forKey: .successes) ?? 0
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout) ?? 0
    }
}

extension ContainerMountSpec {
    enum CodingKeys: String, CodingKey {
        case kind, source, destination, options, anonymous
    }

    /// Missing fields take their defaults (a mount needs its kind and
    /// destination), unknown ones are ignored.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        destination = try c.decode(String.self, forKey: .destination)
        options = try c.decodeIfPresent([String].self, forKey: .options) ?? []
        anonymous = try c.decodeIfPresent(Bool.self, forKey: .anonymous)
    }
}

extension ContainerConfiguration {
    /// The cgroup namespace the container gets: `--cgroupns`, else Podman's
    /// default for this host.
    var cgroupNamespace: NamespaceMode { cgroupns ?? (CgroupInfo.isUnified ? .private : .host) }

    /// What a container whose stored configuration cannot be read is given,
    /// so it can still be listed, stopped and removed.
    static var unreadable: ContainerConfiguration {
        ContainerConfiguration(imageReference: "", imageName: "", args: [], entrypoint: [], command: [], env: [], workingDir: "/",
                               user: "", hostname: "", logDriver: .none, network: .none)
    }
}
