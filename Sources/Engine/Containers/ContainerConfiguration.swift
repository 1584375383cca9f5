import Foundation

/// Everything `create`/`run` decided about a container, stored as JSON in
/// `ContainerRecord.config`. Image defaults are already merged in.
public struct ContainerConfiguration: Codable, Sendable {
    /// The image as the user named it, and its full name.
    public var imageReference: String
    public var imageName: String
    /// Process arguments (entrypoint + command) and the two halves as given.
    public var args: [String]
    public var entrypoint: [String]
    public var command: [String]
    public var env: [String]
    public var workingDir: String
    /// `--user` as given ("" for the image's or root).
    public var user: String
    public var groupAdd: [String] = []
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
    public var sysctls: [String: String] = [:]
    public var ulimits: [String] = []
    public var pidsLimit: Int64?
    public var memoryLimit: Int64?
    public var shmSize: Int64?
    public var stopSignal: Int32 = 15
    public var stopTimeout: Int = 10
    public var initProcess = false
    public var timezone: String?
    public var logDriver: LogDriver
    public var logOptions: [String: String] = [:]
    public var cgroupsMode: CgroupsMode = .enabled
    public var cgroupParent: String?
    public var sdNotify: SdNotifyMode = .container
    public var network: NetworkMode
    /// The networks a bridge-mode container joins (nil: none, or the default network).
    public var networks: [NetworkAttachmentSpec]?
    public var autoRemove = false
    /// `--restart`: what the monitor's exit command does when the container exits (nil: `no`).
    public var restartPolicy: RestartPolicy?
    public var tty = false
    public var interactive = false
    public var health: HealthCheck?
    /// `--userns` / `--uidmap` / `--gidmap` / `--subuidname`: nil runs in the host's user namespace.
    public var userNamespace: UserNamespaceConfig?
    public var createCommand: [String] = []
    public var runtime: String?
    public var timeout: Int?

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

/// What changes while a container lives, stored as JSON in the
/// `container.state` column.
public struct ContainerRunState: Codable, Sendable {
    public var status: ContainerStatus = .created
    public var pid: Int32 = 0
    public var monitorPid: Int32 = 0
    public var exitCode: Int32 = 0
    public var startedAt: Double?
    public var finishedAt: Double?
    public var oomKilled = false
    /// The runtime binary that created it (used to stop and delete it).
    public var runtimePath: String?
    public var runtimeRoot: String?
    /// What `start` mounted, so cleanup releases exactly that.
    public var rootfsMounted = false
    public var mountedVolumes: [String] = []
    public var restartCount = 0
    /// The start time of the run `stop` or `kill` ended: no restart policy
    /// brings that run back (a later start is a new run).
    public var userStoppedRun: Double?
    /// The root file system's owners were shifted for the user namespace
    /// (done once: the writable layer keeps them).
    public var rootfsShifted: Bool?

    public init() {}
}
