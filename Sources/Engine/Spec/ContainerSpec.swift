/// What a caller asks of a new container, before the image is consulted:
/// plain values with typed modes, filled by the CLI's flags and, next, by
/// a pod's infra container, `kube play` and `generate`. Podman calls this
/// layer specgen. `configuration(image:)` merges it with the image into
/// the stored `ContainerConfiguration`.
public struct ContainerSpec: Sendable {
    public var image: String
    public var name: String?
    /// Remove a container of the same name first (`--replace`).
    public var replace = false
    /// nil: the image's ENTRYPOINT; `[]`: none (`--entrypoint ""`).
    public var entrypoint: [String]?
    /// The command after the image (empty: the image's CMD, unless an entrypoint was given).
    public var command: [String] = []
    /// Assignments over the image's environment, later ones winning.
    public var env: [String] = []
    /// `--env-merge NAME=VALUE`: `$NAME`/`${NAME}` in VALUE expand to the
    /// image's (or the default) value before `env` applies.
    public var envMerge: [String] = []
    /// `--unsetenv NAME`: dropped from the image's environment and the
    /// defaults (PATH, TERM, container, HOSTNAME); `--unsetenv-all`: all of them.
    public var unsetEnv: [String] = []
    public var unsetEnvAll = false
    public var workingDir: String?
    public var user: String?
    public var groupAdd: [String] = []
    /// `--passwd-entry` / `--group-entry`: templates for the lines added for
    /// `--user` ($USERNAME $UID $GID $NAME $HOME; $GROUPNAME $GID $USERLIST).
    public var passwdEntry: String?
    public var groupEntry: String?
    /// `--hostuser`: host users (name or UID) added to the container's /etc/passwd.
    public var hostUsers: [String] = []
    public var hostname: String?
    /// Merged over the image's labels.
    public var labels: [String: String] = [:]
    public var annotations: [String: String] = [:]

    public var mounts: [ContainerMountSpec] = []
    public var imageVolumes: ImageVolumeMode = .bind
    public var readOnly = false
    public var readOnlyTmpfs = true

    public var privileged = false
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var noNewPrivileges = false
    /// nil: the default profile; "unconfined": none; else a path.
    public var seccompProfile: String?
    public var maskPaths: [String] = []
    public var unmaskPaths: [String] = []
    public var devices: [String] = []
    /// `--device-cgroup-rule 'TYPE MAJOR:MINOR ACCESS'`: more devices the
    /// cgroup lets the container use (nodes made with mknod, added later).
    public var deviceCgroupRules: [String] = []
    public var sysctls: [String: String] = [:]
    public var ulimits: [String] = []

    public var pidsLimit: Int64?
    public var memoryLimit: Int64?
    public var shmSize: Int64?
    /// nil: the image's STOPSIGNAL, else SIGTERM.
    public var stopSignal: Int32?
    public var stopTimeout: Int?
    public var initProcess = false
    /// `--init-path`: the init bound for `--init` (nil: catatonit).
    public var initPath: String?
    public var timezone: String?
    /// `--oom-score-adj` (nil: inherited from berth, as in Podman).
    public var oomScoreAdj: Int?
    /// `--personality` (nil: the host's).
    public var personality: Personality?

    /// nil: journald under systemd, else k8s-file.
    public var logDriver: LogDriver?
    public var logOptions: [String: String] = [:]
    public var cgroupsMode: CgroupsMode = .enabled
    public var cgroupParent: String?
    public var sdNotify: SdNotifyMode = .container
    public var health = HealthSpec()

    /// `--network` (modes and networks), `--ip`, `--ip6`, `--mac-address`,
    /// `--network-alias`, `-p`, `-P` and `--expose`; resolved against the
    /// image's EXPOSEd ports and the store's networks at create.
    public var networkFlags = ContainerNetworkChoice.Flags()
    /// `--no-hosts`: the image's /etc/hosts is kept.
    public var noHosts = false
    public var addHosts: [String] = []
    public var dnsServers: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []

    public var userNamespace: UserNamespaceConfig?
    public var autoRemove = false
    public var tty = false
    public var interactive = false
    public var restart: RestartPolicy = .no
    public var pull: PullPolicy = .missing
    /// `--rootfs`: `image` is a directory holding the root file system.
    public var rootfs = false
    public var secrets: [String] = []
    /// `--pod NAME|ID` (or the ID from `--pod-id-file`): joins the pod's
    /// shared namespaces at create.
    public var pod: String?
    /// `--ipc`, `--uts`, `--pid` (nil: private, or the pod's).
    public var ipc: NamespaceMode?
    public var uts: NamespaceMode?
    public var pid: NamespaceMode?
    /// `--cgroupns` (nil: Podman's default, private on cgroup v2, host on v1 and hybrid hosts).
    public var cgroupns: NamespaceMode?
    /// Set for a pod's infra container: the pod's ID.
    package var infraOfPod: String?
    /// `--requires`: containers started before this one whenever it starts.
    public var requires: [String] = []
    /// `--systemd true|false|always`.
    public var systemd: SystemdMode = .true
    /// `--chrootdirs`: directories in the container that get berth's /etc
    /// files (hosts, hostname, resolv.conf) and .containerenv too.
    public var chrootDirs: [String] = []
    /// `--conmon-pidfile`.
    public var conmonPidfile: String?
    /// `--runtime` (nil: the engine's choice).
    public var runtime: String?
    /// `--timeout` in seconds.
    public var timeout: Int?
    /// The command line that made it (shown by `inspect` as Podman does).
    public var createCommand: [String] = []

    package init(image: String) { self.image = image }

    /// What `--http-proxy` copies from the host's environment (Podman's list).
    package static let proxyVariables = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ftp_proxy", "FTP_PROXY",
                                         "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"]
}
