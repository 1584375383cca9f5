import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// The flags `create` and `run` share (Podman's names), and how they become
/// a `ContainerConfiguration`.
struct ContainerCreateOptions: ParsableArguments {
    @Option(help: "Assign a name to the container") var name: String?
    @Flag(help: "If a container with the same name exists, replace it") var replace = false
    @Flag(help: "Remove container (and pod if created) after exit") var rm = false
    @Option(help: "Write the container ID to the file") var cidfile: String?
    @Flag(name: [.short, .long], help: "Keep STDIN open even if not attached") var interactive = false
    @Flag(name: [.short, .long], help: "Allocate a pseudo-TTY for container") var tty = false

    @Option(name: [.short, .long], help: "Set environment variables in container") var env: [String] = []
    @Option(name: .customLong("env-file"), help: "Read in a file of environment variables") var envFile: [String] = []
    @Option(name: .customLong("env-merge"), help: "Preprocess environment variables from image before injecting them into the container") var envMerge: [String] = []
    @Option(help: "Unset environment default variables in container") var unsetenv: [String] = []
    @Flag(name: .customLong("unsetenv-all"), help: "Unset all default environment variables in container") var unsetenvAll = false
    @Flag(name: .customLong("env-host"), help: "Use all current host environment variables in container") var envHost = false
    @Option(help: "Overwrite the default ENTRYPOINT of the image") var entrypoint: String?
    @Option(name: [.short, .long], help: "Working directory inside the container") var workdir: String?
    @Option(name: [.short, .long], help: "Username or UID (format: <name|uid>[:<group|gid>])") var user: String?
    @Option(name: .customLong("group-add"), help: "Add additional groups to the primary container process") var groupAdd: [String] = []
    @Option(name: .customLong("passwd-entry"), help: "Entry to write to /etc/passwd") var passwdEntry: String?
    @Option(name: .customLong("group-entry"), help: "Entry to write to /etc/group") var groupEntry: String?
    @Option(help: "Host user account to add to /etc/passwd within container") var hostuser: [String] = []
    @Option(name: [.short, .long], help: "Set container hostname") var hostname: String?
    @Option(name: [.short, .long], help: "Set metadata on container") var label: [String] = []
    @Option(name: .customLong("label-file"), help: "Read in a line delimited file of labels") var labelFile: [String] = []
    @Option(help: "Add annotations to container (key=value)") var annotation: [String] = []

    @Option(name: [.short, .customLong("volume")], help: "Bind mount a volume into the container") var volume: [String] = []
    @Option(help: "Attach a filesystem mount to the container") var mount: [String] = []
    @Option(help: "Mount a temporary filesystem (tmpfs) into a container") var tmpfs: [String] = []
    @Flag(name: .customLong("read-only"), help: "Make containers root filesystem read-only") var readOnly = false
    @Option(name: .customLong("read-only-tmpfs"), help: "When running --read-only containers mount read-write tmpfs on /dev, /dev/shm, /run, /tmp and /var/tmp") var readOnlyTmpfs: Bool = true

    @Option(name: .customLong("cap-add"), help: "Add capabilities to the container") var capAdd: [String] = []
    @Option(name: .customLong("cap-drop"), help: "Drop capabilities from the container") var capDrop: [String] = []
    @Option(name: .customLong("security-opt"), help: "Security options") var securityOpt: [String] = []
    @Flag(help: "Give extended privileges to container") var privileged = false
    @Option(help: "Add a host device to the container") var device: [String] = []
    @Option(name: .customLong("device-cgroup-rule"), help: "Add a rule to the cgroup allowed devices list") var deviceCgroupRule: [String] = []
    @Option(help: "Sysctl options") var sysctl: [String] = []
    @Option(help: "Ulimit options") var ulimit: [String] = []
    @Option(name: .customLong("pids-limit"), help: "Tune container pids limit (set -1 for unlimited)") var pidsLimit: Int64?
    @Option(name: [.short, .long], help: "Memory limit (format: <number>[<unit>], where unit = b, k, m or g)") var memory: String?
    @Option(name: .customLong("shm-size"), help: "Size of /dev/shm (format: <number>[<unit>])") var shmSize: String?
    @Option(name: .customLong("stop-signal"), help: "Signal to stop a container. Default is SIGTERM") var stopSignal: String?
    @Option(name: .customLong("stop-timeout"), help: "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL.") var stopTimeout: Int?
    @Flag(help: "Run an init inside the container that forwards signals and reaps processes") var `init` = false
    @Option(name: .customLong("init-path"), help: "Path to the container-init binary") var initPath: String?
    @Option(help: "Set timezone in container") var tz: String?
    @Option(help: "Configure execution domain using personality (e.g., LINUX/LINUX32)") var personality: String?
    @Option(name: .customLong("oom-score-adj"), parsing: .unconditional, help: "Tune the host's OOM preferences (-1000 to 1000)") var oomScoreAdj: Int?
    @Option(name: .customLong("log-driver"), help: "Logging driver for the container (journald, k8s-file, passthrough, none)") var logDriver: String?
    @Option(name: .customLong("log-opt"), help: "Logging driver options") var logOpt: [String] = []
    @Option(help: "control container cgroup configuration (\"enabled\"|\"disabled\"|\"no-conmon\"|\"split\")") var cgroups: String = "enabled"
    @Option(name: .customLong("cgroup-parent"), help: "Optional parent cgroup for the container") var cgroupParent: String?
    @Option(help: "control sd-notify behavior (\"container\"|\"conmon\"|\"healthy\"|\"ignore\")") var sdnotify: String = "container"
    @Option(name: .customLong("health-cmd"), help: "set a healthcheck command for the container ('none' disables the existing healthcheck)") var healthCmd: String?
    // Optional so that the image's HEALTHCHECK values apply unless given (defaults 30s, 3, 0s, 30s).
    @Option(name: .customLong("health-interval"), help: "set an interval for the healthcheck (default 30s; \"disable\": none)") var healthInterval: String?
    @Option(name: .customLong("health-retries"), help: "the number of retries allowed before a healthcheck is considered to be unhealthy (default 3)") var healthRetries: Int?
    @Option(name: .customLong("health-start-period"), help: "the initialization time needed for a container to bootstrap (default 0s)") var healthStartPeriod: String?
    @Option(name: .customLong("health-timeout"), help: "the maximum time allowed to complete the healthcheck before an interval is considered failed (default 30s)") var healthTimeout: String?
    @Option(name: .customLong("health-on-failure"), help: "action to take once the container turns unhealthy") var healthOnFailure: String?
    @Flag(name: .customLong("no-healthcheck"), help: "Disable healthchecks on container") var noHealthcheck = false
    @Option(name: .customLong("health-log-destination"), help: "where healthcheck results are kept: local or a directory") var healthLogDestination: String = "local"
    @Option(name: .customLong("health-max-log-count"), help: "how many healthcheck results are kept (0: all)") var healthMaxLogCount: Int = 5
    @Option(name: .customLong("health-max-log-size"), help: "how many bytes of each healthcheck's output are kept (0: all)") var healthMaxLogSize: Int = 500
    @Option(name: .customLong("health-startup-cmd"), help: "Set a startup healthcheck command for the container") var healthStartupCmd: String?
    @Option(name: .customLong("health-startup-interval"), help: "Set an interval for the startup healthcheck") var healthStartupInterval: String?
    @Option(name: .customLong("health-startup-retries"), help: "Set the maximum number of retries before the startup healthcheck will restart the container") var healthStartupRetries: Int?
    @Option(name: .customLong("health-startup-success"), help: "Set the number of consecutive successes before the startup healthcheck is marked as successful and the normal healthcheck begins (0 indicates any success will start the regular healthcheck)") var healthStartupSuccess: Int?
    @Option(name: .customLong("health-startup-timeout"), help: "Set the maximum amount of time that the startup healthcheck may take before it is considered failed") var healthStartupTimeout: String?
    @Option(name: .customLong("image-volume"), help: "Tells podman how to handle the builtin image volumes (\"bind\"|\"tmpfs\"|\"ignore\")") var imageVolume: String = "bind"
    @Option(help: "Pull image policy (always, missing, never, newer)") var pull: String = "missing"
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(help: "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry") var creds: String?
    @Option(help: "Specify the platform for selecting the image (OS/ARCH[/VARIANT])") var platform: String?
    @Option(help: "Use ARCH instead of the architecture of the machine for choosing images") var arch: String?
    @Option(help: "Use OS instead of the running OS for choosing images") var os: String?
    @Option(help: "Use VARIANT instead of the running architecture variant for choosing images") var variant: String?
    @Option(help: "Number of times to retry in case of failure when performing pull") var retry: Int?
    @Option(name: .customLong("retry-delay"), help: "Delay between retries in case of pull failures") var retryDelay: String?
    @Flag(help: "The first argument is not an image but the rootfs to the exploded container") var rootfs = false
    @Option(name: .customLong("http-proxy"), help: "Set proxy environment variables in the container based on the host proxy vars") var httpProxy: Bool = true
    @Option(name: .customLong("network"), help: "Connect a container to a network (none, host, bridge, NAME[:ip=,mac=,alias=,interface_name=])") var network: [String] = []
    @Option(name: .customLong("net"), help: ArgumentHelp(visibility: .hidden)) var net: [String] = []
    @Option(help: "Specify a static IPv4 address for the container") var ip: [String] = []
    @Option(help: "Specify a static IPv6 address for the container") var ip6: [String] = []
    @Option(name: .customLong("mac-address"), help: "Container MAC address (e.g. 92:d0:c6:0a:29:33)") var macAddress: String?
    @Option(name: .customLong("network-alias"), help: "Add network-scoped alias for the container") var networkAlias: [String] = []
    @Flag(name: [.customShort("P"), .customLong("publish-all")], help: "Publish all exposed ports to random ports on the host interface") var publishAll = false
    @Flag(name: .customLong("no-hosts"), help: "Do not create /etc/hosts within the container, instead use the version from the image") var noHosts = false
    @Option(name: [.short, .long], help: "Publish a container's port, or a range of ports, to the host") var publish: [String] = []
    @Option(help: "Add secret to container") var secret: [String] = []
    @Option(help: "Maximum length of time a container is allowed to run. The container will be killed automatically after the time expires.") var timeout: Int?
    @Option(help: "Restart policy to apply when a container exits (no, always, on-failure[:N], unless-stopped)") var restart: String?
    @Option(name: .customLong("add-host"), help: "Add a custom host-to-IP mapping (host:ip) to /etc/hosts") var addHost: [String] = []
    @Option(help: "Set a custom DNS server in /etc/resolv.conf") var dns: [String] = []
    @Option(name: .customLong("dns-search"), help: "Set a custom DNS search domain") var dnsSearch: [String] = []
    @Option(name: .customLong("dns-option"), help: "Set a custom DNS option") var dnsOption: [String] = []
    @Option(help: "Expose a port or a range of ports") var expose: [String] = []
    @Option(help: "User namespace to use (host, auto[:size=N], private; rootless also keep-id[:uid=N,gid=N], nomap)") var userns: String?
    @Option(help: "UID map for the user namespace (CONTAINER_ID:HOST_ID:SIZE)") var uidmap: [String] = []
    @Option(help: "GID map for the user namespace (CONTAINER_ID:HOST_ID:SIZE)") var gidmap: [String] = []
    @Option(help: "Name of range listed in /etc/subuid for use in user namespace") var subuidname: String?
    @Option(help: "Name of range listed in /etc/subgid for use in user namespace") var subgidname: String?
    @Option(help: "Run container in an existing pod (name or ID)") var pod: String?
    @Option(name: .customLong("pod-id-file"), help: "Read the pod ID from the file") var podIDFile: String?
    @Option(help: "IPC namespace to use (private, shareable, host, container:ID, ns:PATH)") var ipc: String?
    @Option(help: "UTS namespace to use (private, host, container:ID, ns:PATH)") var uts: String?
    @Option(name: .customLong("pid"), help: "PID namespace to use (private, host, container:ID, ns:PATH)") var pidNamespace: String?
    @Option(help: "cgroup namespace to use (host, private, container:ID, ns:PATH)") var cgroupns: String?
    @Option(help: "Run container in systemd mode (\"true\"|\"false\"|\"always\")") var systemd: String = "true"
    @Option(help: "Chroot directories inside the container") var chrootdirs: [String] = []
    @Option(help: "Add one or more requirement containers that must be started before this container will start") var requires: [String] = []
    @Option(name: .customLong("conmon-pidfile"), help: "Path to the file that will receive the PID of conmon") var conmonPidfile: String?

    func validate() throws {
        // The modes' own parsers say what is valid (the spec uses them too).
        func check(_ parse: () throws -> Void) throws {
            do { try parse() } catch let error as EngineError { throw ValidationError(error.message) }
        }
        try check { _ = try CgroupsMode(parsing: cgroups) }
        try check { _ = try logDriver.map(LogDriver.init(parsing:)) }
        try check { _ = try ImageVolumeMode(parsing: imageVolume) }
        try check { _ = try PullPolicy(parsing: pull) }
        try check { _ = try restart.map(RestartPolicy.init(parsing:)) }
        if cgroups == "disabled" {
            if cgroupParent != nil { throw ValidationError("--cgroups=disabled conflicts with --cgroup-parent: the container gets no cgroup") }
            if memory != nil || (pidsLimit ?? 0) > 0 {
                throw ValidationError("--cgroups=disabled conflicts with --memory and --pids-limit: limits need a cgroup of the container's own")
            }
        }
        guard SdNotifyMode(rawValue: sdnotify) != nil else {
            throw ValidationError("invalid sdnotify mode \(sdnotify.debugDescription): use container, conmon, healthy or ignore")
        }
        if let healthOnFailure, HealthFailureAction(rawValue: healthOnFailure) == nil {
            throw ValidationError("invalid --health-on-failure \(healthOnFailure.debugDescription): use none, kill, restart or stop")
        }
        if healthStartupCmd == nil && (healthStartupInterval != nil || healthStartupRetries != nil || healthStartupSuccess != nil || healthStartupTimeout != nil) {
            throw ValidationError("--health-startup-interval/-retries/-success/-timeout need --health-startup-cmd")
        }
        if (healthStartupRetries ?? 0) < 0 || (healthStartupSuccess ?? 0) < 0 {
            throw ValidationError("--health-startup-retries and --health-startup-success must be 0 or more")
        }
        if (healthRetries ?? 0) < 0 { throw ValidationError("--health-retries must be 0 or more") }
        if (retry ?? 0) < 0 { throw ValidationError("--retry must be 0 or more") }
        // The monitor counts the timeout in milliseconds; Go's durations end here too.
        if let timeout, timeout < 0 || Double(timeout) > Durations.maximumSeconds {
            throw ValidationError("invalid --timeout \(timeout): use 0 to \(Int(Durations.maximumSeconds)) seconds")
        }
        if healthMaxLogCount < 0 || healthMaxLogSize < 0 { throw ValidationError("--health-max-log-count and --health-max-log-size must be 0 or more") }
        if healthLogDestination != "local" && !healthLogDestination.hasPrefix("/") {
            throw ValidationError("--health-log-destination \(healthLogDestination.debugDescription) is not supported: use local or an absolute directory path")
        }
    }

    /// The flags, the image and the command as a spec; the engine merges
    /// it with the image when the container is created.
    func spec(image: String, command: [String], runtime: String?, createCommand: [String]) throws -> ContainerSpec {
        var spec = ContainerSpec(image: image)
        spec.name = name
        spec.replace = replace
        spec.autoRemove = rm
        spec.interactive = interactive
        spec.tty = tty
        spec.command = command
        if let entrypoint {
            spec.entrypoint = entrypoint.isEmpty ? [] : JSONStringArray.decode(entrypoint) ?? [entrypoint]
        }
        spec.env = try environment()
        spec.envMerge = envMerge
        spec.unsetEnv = unsetenv
        spec.unsetEnvAll = unsetenvAll
        spec.workingDir = workdir
        spec.user = user
        spec.groupAdd = groupAdd
        spec.passwdEntry = passwdEntry
        spec.groupEntry = groupEntry
        spec.hostUsers = hostuser
        spec.hostname = hostname
        spec.labels = try labels()
        for a in annotation { let kv = ContainerCreateOptions.keyValue(a); spec.annotations[kv.0] = kv.1 }

        spec.mounts = try volume.map(ContainerMountParser.volume) + mount.map(ContainerMountParser.mount) + tmpfs.map { value in
            let parsed = try TmpfsMount.parse(value)
            return ContainerMountSpec(kind: .tmpfs, source: "", destination: parsed.destination, options: parsed.options)
        }
        spec.imageVolumes = try ImageVolumeMode(parsing: imageVolume)
        spec.readOnly = readOnly
        spec.readOnlyTmpfs = readOnlyTmpfs

        for opt in securityOpt {
            let kv = opt.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv[0].split(separator: ":").first.map(String.init) ?? kv[0]
            let value = kv.count > 1 ? kv[1] : String(kv[0].split(separator: ":", maxSplits: 1).dropFirst().first ?? "")
            switch key {
            case "no-new-privileges": spec.noNewPrivileges = value.isEmpty || value == "true"
            case "seccomp": spec.seccompProfile = value
            case "mask": spec.maskPaths += value.split(separator: ":").map(String.init)
            case "unmask": spec.unmaskPaths += value.split(separator: ":").map(String.init)
            case "label", "apparmor", "proc-opts": break
            default: throw EngineError.invalid("invalid --security-opt \(opt.debugDescription)")
            }
        }
        spec.privileged = privileged
        spec.capAdd = capAdd
        spec.capDrop = capDrop
        spec.devices = device
        spec.deviceCgroupRules = deviceCgroupRule
        for s in sysctl { let kv = ContainerCreateOptions.keyValue(s); spec.sysctls[kv.0] = kv.1 }
        for u in ulimit { _ = try Ulimit.parse(u) }
        spec.ulimits = ulimit
        spec.pidsLimit = pidsLimit
        spec.memoryLimit = try memory.flatMap(ByteSize.memoryLimit)
        spec.shmSize = try shmSize.map(ByteSize.shmSize)
        spec.stopSignal = try stopSignal.map(Signals.parse)
        spec.stopTimeout = stopTimeout
        spec.initProcess = `init`
        spec.initPath = initPath
        spec.timezone = tz
        spec.oomScoreAdj = oomScoreAdj
        spec.personality = try personality.map(Personality.init(parsing:))

        spec.logDriver = try logDriver.map(LogDriver.init(parsing:))
        spec.logOptions = try LogOptions.parse(logOpt)
        spec.cgroupsMode = try CgroupsMode(parsing: cgroups)
        spec.cgroupParent = cgroupParent
        spec.sdNotify = SdNotifyMode(rawValue: sdnotify) ?? .container
        spec.health = try healthSpec()

        try fillNetwork(&spec)
        spec.userNamespace = try UserNamespaceConfig.from(userns: userns, uidmap: uidmap, gidmap: gidmap,
                                                          subuidname: subuidname, subgidname: subgidname)
        spec.restart = try restart.map(RestartPolicy.init(parsing:)) ?? .no
        spec.pull = try PullPolicy(parsing: pull)
        spec.rootfs = rootfs
        spec.secrets = secret
        spec.pod = pod
        if let podIDFile {
            if pod != nil { throw EngineError.invalid("cannot specify both --pod and --pod-id-file") }
            spec.pod = try PodCommand.readPodIDFile(podIDFile)
        }
        spec.ipc = try ipc.map { try NamespaceMode(parsing: $0, flag: "--ipc") }
        spec.uts = try uts.map { try NamespaceMode(parsing: $0, flag: "--uts") }
        spec.pid = try pidNamespace.map { try NamespaceMode(parsing: $0, flag: "--pid") }
        spec.cgroupns = try cgroupns.map { try NamespaceMode(parsing: $0, flag: "--cgroupns") }
        spec.conmonPidfile = conmonPidfile
        spec.chrootDirs = chrootdirs
        spec.systemd = try SystemdMode(parsing: systemd)
        spec.requires = requires.flatMap { $0.split(separator: ",").map(String.init) }
        spec.runtime = runtime
        spec.timeout = timeout
        spec.createCommand = createCommand
        return spec
    }

    /// How a pull that `--pull` asks for reaches the registry; its
    /// progress goes to standard error unless `quiet`.
    func pullOptions(quiet: Bool) throws -> PullOptions {
        var options = PullOptions()
        options.policy = try PullPolicy(parsing: pull)
        options.platform = try Platform(platform: platform, os: os, arch: arch, variant: variant)
        options.registry = try registry.options(creds: creds, retry: retry ?? 3, retryDelay: retryDelay)
        (options.report, options.progress) = TransferOutput.sinks(quiet: quiet)
        return options
    }

    /// `--network`/`--net` (several), `--ip`, `--ip6`, `--mac-address`,
    /// `--network-alias`, `-p`, `--expose`, and the /etc files' flags.
    private func fillNetwork(_ spec: inout ContainerSpec) throws {
        spec.networkFlags = ContainerNetworkChoice.Flags(network: network + net, ip: ip, ip6: ip6, macAddress: macAddress, aliases: networkAlias,
                                                         publish: publish, publishAll: publishAll, expose: expose)
        spec.noHosts = noHosts
        spec.addHosts = try addHost.map(Self.checkedHostEntry)
        spec.dnsServers = dns
        spec.dnsSearch = dnsSearch
        spec.dnsOptions = dnsOption
    }

    /// The host's proxy variables (`--http-proxy`, on by default as in
    /// Podman), `--env-host`, `--env-file`s and `-e`s, in that order (later wins).
    private func environment() throws -> [String] {
        var environment: [String] = []
        if httpProxy {
            let host = ProcessInfo.processInfo.environment
            for name in ContainerSpec.proxyVariables { if let value = host[name] { environment.append(name + "=" + value) } }
        }
        if envHost {
            for (k, v) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) { environment.append(k + "=" + v) }
        }
        for file in envFile {
            let data: Data
            do { data = try FileSystem.readFile(file) } catch let error as EngineError {
                throw EngineError.invalid("parsing file \(file.debugDescription): \(error.message)")
            }
            for assignment in try EnvironmentAssignment.parseFile(Array(data)) { addEnv(assignment) { environment.append($0) } }
        }
        for e in env { addEnv(try EnvironmentAssignment.parse(e)) { environment.append($0) } }
        return environment
    }

    /// `--label-file`s, then `--label`s.
    private func labels() throws -> [String: String] {
        var labels: [String: String] = [:]
        for file in labelFile {
            guard let data = try? FileSystem.readFile(file) else { throw EngineError.notFound("\(file): no such label file") }
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") && !line.isEmpty {
                let kv = ContainerCreateOptions.keyValue(String(line)); labels[kv.0] = kv.1
            }
        }
        for l in label { let kv = ContainerCreateOptions.keyValue(l); labels[kv.0] = kv.1 }
        return labels
    }

    /// The `--health-*` flags (the image's HEALTHCHECK fills the rest at create).
    private func healthSpec() throws -> HealthSpec {
        var health = HealthSpec()
        health.disabled = noHealthcheck
        if let healthCmd { health.test = healthCmd == "none" ? [] : HealthSpec.parseCommand(healthCmd) }
        if let healthInterval {
            let interval = healthInterval == "disable" ? 0 : try Self.duration(healthInterval, "healthcheck-interval")
            if interval < 0 || (interval > 0 && interval < 0.001) { throw EngineError.invalid("invalid --health-interval \(healthInterval.debugDescription)") }
            health.interval = interval
        }
        health.retries = healthRetries
        health.startPeriod = try healthStartPeriod.map { try Self.duration($0, "healthcheck-start-period") }
        health.timeout = try healthTimeout.map { try Self.duration($0, "healthcheck-timeout") }
        health.onFailure = healthOnFailure.flatMap(HealthFailureAction.init(rawValue:))
        health.maxLogCount = healthMaxLogCount
        health.maxLogSize = healthMaxLogSize
        health.logDirectory = healthLogDestination == "local" ? nil : healthLogDestination
        if let healthStartupCmd {
            let startupInterval = try Self.duration(healthStartupInterval ?? "30s", "healthcheck-startup-interval")
            guard startupInterval >= 0.001 else { throw EngineError.invalid("invalid --health-startup-interval \((healthStartupInterval ?? "").debugDescription)") }
            health.startup = .init(test: HealthSpec.parseCommand(healthStartupCmd), interval: startupInterval, retries: healthStartupRetries ?? 0,
                                   successes: healthStartupSuccess ?? 0, timeout: try Self.duration(healthStartupTimeout ?? "30s", "healthcheck-startup-timeout"))
        }
        return health
    }

    /// `NAME:IP` as Podman takes it (the IP may itself hold colons).
    static func checkedHostEntry(_ entry: String) throws -> String {
        let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !entry.contains(where: { $0 == "\n" || $0 == "\0" || $0 == " " || $0 == "\t" }) else {
            throw ValidationError("invalid --add-host \"\(entry)\": expected HOST:IP")
        }
        return entry
    }

    private func addEnv(_ assignment: EnvironmentAssignment, _ set: (String) -> Void) {
        let host = ProcessInfo.processInfo.environment
        switch assignment {
        case .set(let name, let value): set(name + "=" + value)
        case .inherit(let name): if let value = host[name] { set(name + "=" + value) }
        case .inheritPrefix(let prefix): for (k, v) in host where k.hasPrefix(prefix) { set(k + "=" + v) }
        }
    }

    /// A health-check duration, with Podman's message naming the flag.
    static func duration(_ text: String, _ name: String) throws -> Double {
        do { return try Durations.parse(text) } catch let error as EngineError { throw EngineError.invalid("invalid \(name): \(error.message)") }
    }

    static func keyValue(_ s: String) -> (String, String) {
        let parts = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
