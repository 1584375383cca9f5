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
    @Flag(name: .customLong("env-host"), help: "Use all current host environment variables in container") var envHost = false
    @Option(help: "Overwrite the default ENTRYPOINT of the image") var entrypoint: String?
    @Option(name: [.short, .long], help: "Working directory inside the container") var workdir: String?
    @Option(name: [.short, .long], help: "Username or UID (format: <name|uid>[:<group|gid>])") var user: String?
    @Option(name: .customLong("group-add"), help: "Add additional groups to the primary container process") var groupAdd: [String] = []
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
    @Option(help: "Sysctl options") var sysctl: [String] = []
    @Option(help: "Ulimit options") var ulimit: [String] = []
    @Option(name: .customLong("pids-limit"), help: "Tune container pids limit (set -1 for unlimited)") var pidsLimit: Int64?
    @Option(name: [.short, .long], help: "Memory limit (format: <number>[<unit>], where unit = b, k, m or g)") var memory: String?
    @Option(name: .customLong("shm-size"), help: "Size of /dev/shm (format: <number>[<unit>])") var shmSize: String?
    @Option(name: .customLong("stop-signal"), help: "Signal to stop a container. Default is SIGTERM") var stopSignal: String?
    @Option(name: .customLong("stop-timeout"), help: "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL.") var stopTimeout: Int?
    @Flag(help: "Run an init inside the container that forwards signals and reaps processes") var `init` = false
    @Option(help: "Set timezone in container") var tz: String?
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
    @Option(name: .customLong("network"), help: "Connect a container to a network (none, host)") var network: [String] = []
    @Option(name: .customLong("net"), help: ArgumentHelp(visibility: .hidden)) var net: [String] = []
    @Option(name: [.short, .long], help: "Publish a container's port, or a range of ports, to the host") var publish: [String] = []
    @Option(help: "Add secret to container") var secret: [String] = []
    @Option(help: "Maximum length of time a container is allowed to run. The container will be killed automatically after the time expires.") var timeout: Int?
    @Option(help: "Restart policy to apply when a container exits (only \"no\" until restart policies arrive)") var restart: String?
    @Option(name: .customLong("add-host"), help: "Add a custom host-to-IP mapping (host:ip) to /etc/hosts") var addHost: [String] = []
    @Option(help: "Set a custom DNS server in /etc/resolv.conf") var dns: [String] = []
    @Option(name: .customLong("dns-search"), help: "Set a custom DNS search domain") var dnsSearch: [String] = []
    @Option(name: .customLong("dns-option"), help: "Set a custom DNS option") var dnsOption: [String] = []
    @Option(help: ArgumentHelp(visibility: .hidden)) var expose: [String] = []
    @Option(help: "User namespace to use (host, auto[:size=N], private)") var userns: String?
    @Option(help: "UID map for the user namespace (CONTAINER_ID:HOST_ID:SIZE)") var uidmap: [String] = []
    @Option(help: "GID map for the user namespace (CONTAINER_ID:HOST_ID:SIZE)") var gidmap: [String] = []
    @Option(help: "Name of range listed in /etc/subuid for use in user namespace") var subuidname: String?
    @Option(help: "Name of range listed in /etc/subgid for use in user namespace") var subgidname: String?
    @Option(help: ArgumentHelp(visibility: .hidden)) var pod: String?

    func validate() throws {
        guard ["enabled", "disabled", "no-conmon", "split"].contains(cgroups) else {
            throw ValidationError("invalid cgroup mode \(cgroups.debugDescription): use enabled, disabled, no-conmon or split")
        }
        if cgroups == "disabled" {
            if cgroupParent != nil { throw ValidationError("--cgroups=disabled conflicts with --cgroup-parent: the container gets no cgroup") }
            if memory != nil || (pidsLimit ?? 0) > 0 {
                throw ValidationError("--cgroups=disabled conflicts with --memory and --pids-limit: limits need a cgroup of the container's own")
            }
        }
        guard SdNotifyMode(rawValue: sdnotify) != nil else {
            throw ValidationError("invalid sdnotify mode \(sdnotify.debugDescription): use container, conmon, healthy or ignore")
        }
        if let logDriver, !["journald", "k8s-file", "passthrough", "none"].contains(logDriver) {
            throw ValidationError("invalid log driver \(logDriver.debugDescription): use journald, k8s-file, passthrough or none")
        }
        guard ["bind", "tmpfs", "ignore", "anonymous"].contains(imageVolume) else {
            throw ValidationError("invalid --image-volume \(imageVolume.debugDescription): use bind, tmpfs or ignore")
        }
        guard (try? PullPolicy(parsing: pull)) != nil else {
            throw ValidationError("invalid pull policy \(pull.debugDescription)")
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
        if healthMaxLogCount < 0 || healthMaxLogSize < 0 { throw ValidationError("--health-max-log-count and --health-max-log-size must be 0 or more") }
        if healthLogDestination != "local" && !healthLogDestination.hasPrefix("/") {
            throw ValidationError("--health-log-destination \(healthLogDestination.debugDescription) is not supported: use local or an absolute directory path")
        }
    }

    /// The image per `--pull`: a local image by that name is used as it is
    /// (missing, never) without touching the registry code; otherwise it is
    /// pulled, with the pull's progress on standard error unless `quiet`.
    func resolveImage(store: Store, image: String, quiet: Bool) throws -> StoredImage {
        let policy = try PullPolicy(parsing: pull)
        if policy == .missing || policy == .never {
            do { return try store.images.resolve(image) } catch let error as EngineError where error.kind == .notFound {
                if policy == .never { throw EngineError(.notFound, "\(image): image not known") }
            }
        }
        var options = PullOptions()
        options.policy = policy
        options.platform = try Platform(platform: platform, os: os, arch: arch, variant: variant)
        options.registry = try registry.options(creds: creds)
        if !quiet { options.report = { FileHandleOutput.standardError($0) } }
        let id = try ImagePuller(store: store, options: options).pull(image)
        return try store.images.resolve(id)
    }

    /// Turns the flags, the image and the command into a configuration.
    func configuration(store: Store, image: String, command: [String], runtimeOverride: String?, createCommand: [String],
                       quiet: Bool) throws -> ContainerConfiguration {
        if !secret.isEmpty {
            throw EngineError.invalid("--secret is not supported yet: secrets arrive in a later version of berth")
        }
        if let pod, !pod.isEmpty {
            throw EngineError.invalid("--pod is not supported yet: pods arrive with bridge networks")
        }
        if let restart, restart != "no" {
            throw EngineError.invalid("--restart=\(restart) is not supported yet: let systemd restart the service (Restart= in the unit)")
        }
        let networkMode = try ContainerCreateOptions.networkMode(network + net)
        if !publish.isEmpty && networkMode == "none" {
            throw EngineError.invalid("--publish needs a bridge network, which berth does not support yet (use --network host)")
        }
        let resolved = try resolveImage(store: store, image: image, quiet: quiet)
        let imageConfig = try resolved.decodedConfig().config ?? ContainerConfig()

        var entry: [String]
        if let entrypoint {
            if entrypoint.isEmpty { entry = [] } else if entrypoint.hasPrefix("["),
                let array = try? JSONDecoder().decode([String].self, from: Data(entrypoint.utf8)) { entry = array } else { entry = [entrypoint] }
        } else {
            entry = imageConfig.entrypoint ?? []
        }
        let cmd = !command.isEmpty ? command : (entrypoint != nil ? [] : imageConfig.cmd ?? [])
        let args = entry + cmd
        if args.isEmpty {
            throw EngineError.invalid("no command or entrypoint provided, and no CMD or ENTRYPOINT from image")
        }

        var environment = imageConfig.env ?? []
        func setEnv(_ assignment: String) {
            let key = assignment.split(separator: "=", maxSplits: 1).first.map(String.init) ?? assignment
            environment.removeAll { $0 == key || $0.hasPrefix(key + "=") }
            environment.append(assignment)
        }
        if envHost {
            for (k, v) in ProcessInfo.processInfo.environment { setEnv(k + "=" + v) }
        }
        for file in envFile {
            guard let data = try? FileSystem.readFile(file) else { throw EngineError.notFound("\(file): no such env file") }
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                try addEnv(trimmed, setEnv)
            }
        }
        for e in env { try addEnv(e, setEnv) }

        var labels = imageConfig.labels ?? [:]
        for file in labelFile {
            guard let data = try? FileSystem.readFile(file) else { throw EngineError.notFound("\(file): no such label file") }
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") && !line.isEmpty {
                let kv = ContainerCreateOptions.keyValue(String(line)); labels[kv.0] = kv.1
            }
        }
        for l in label { let kv = ContainerCreateOptions.keyValue(l); labels[kv.0] = kv.1 }
        var annotations: [String: String] = [:]
        for a in annotation { let kv = ContainerCreateOptions.keyValue(a); annotations[kv.0] = kv.1 }

        var mounts: [ContainerMountSpec] = []
        for v in volume { mounts.append(try ContainerMountParser.volume(v)) }
        for m in mount { mounts.append(try ContainerMountParser.mount(m)) }
        for t in tmpfs { mounts.append(ContainerMountParser.tmpfs(t)) }
        // The image's VOLUMEs the user did not mount: anonymous volumes
        // (--image-volume bind, Podman's default), tmpfs, or nothing.
        for destination in (imageConfig.volumes ?? [:]).keys.sorted() where imageVolume != "ignore" {
            let path = destination.count > 1 && destination.hasSuffix("/") ? String(destination.dropLast()) : destination
            guard path.hasPrefix("/"), !mounts.contains(where: { $0.destination == path }) else { continue }
            mounts.append(imageVolume == "tmpfs" ? ContainerMountSpec(kind: .tmpfs, source: "", destination: path, options: [])
                                                 : ContainerMountSpec(kind: .volume, source: "", destination: path, options: [], anonymous: true))
        }

        var noNewPrivileges = false
        var seccomp: String?
        var mask: [String] = []
        var unmask: [String] = []
        for opt in securityOpt {
            let kv = opt.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv[0].split(separator: ":").first.map(String.init) ?? kv[0]
            let value = kv.count > 1 ? kv[1] : String(kv[0].split(separator: ":", maxSplits: 1).dropFirst().first ?? "")
            switch key {
            case "no-new-privileges": noNewPrivileges = value.isEmpty || value == "true"
            case "seccomp": seccomp = value
            case "mask": mask += value.split(separator: ":").map(String.init)
            case "unmask": unmask += value.split(separator: ":").map(String.init)
            case "label", "apparmor", "proc-opts": break
            default: throw EngineError.invalid("invalid --security-opt \(opt.debugDescription)")
            }
        }
        var caps = capAdd
        if privileged { caps.append("ALL"); seccomp = "unconfined"; unmask.append("ALL") }
        _ = try RuntimeSpecBuilder.capabilities(add: caps, drop: capDrop)

        var sysctls: [String: String] = [:]
        for s in sysctl { let kv = ContainerCreateOptions.keyValue(s); sysctls[kv.0] = kv.1 }

        let signalName = stopSignal ?? imageConfig.stopSignal
        let signal = try signalName.map(Signals.parse) ?? SIGTERM

        var logOptions: [String: String] = [:]
        for o in logOpt { let kv = ContainerCreateOptions.keyValue(o); logOptions[kv.0] = kv.1 }
        let driver = logDriver ?? (SystemdNotify.underSystemd ? "journald" : "k8s-file")

        var health: ContainerConfiguration.HealthCheck?
        /// `["CMD", ...]` runs as is, `["CMD-SHELL", text]` through the shell.
        func testArgs(_ array: [String]) -> [String] {
            array.first == "CMD" ? Array(array.dropFirst()) : array.first == "CMD-SHELL" ? ["/bin/sh", "-c"] + array.dropFirst() : array
        }
        /// A --health-cmd: a JSON array as above, else shell text.
        func healthTest(_ command: String) -> [String] {
            if command.hasPrefix("["), let array = try? JSONDecoder().decode([String].self, from: Data(command.utf8)) { return testArgs(array) }
            return ["/bin/sh", "-c", command]
        }
        // --health-cmd, else the image's HEALTHCHECK (its times in nanoseconds, 0 for the default).
        let imageHealth = healthCmd == nil ? imageConfig.healthcheck : nil
        var healthTestArgs: [String]?
        if let healthCmd, healthCmd != "none" {
            healthTestArgs = healthTest(healthCmd)
        } else if let imageTest = imageHealth?.test, let kind = imageTest.first, kind != "NONE", imageTest.count > 1 {
            healthTestArgs = testArgs(imageTest)
        }
        func seconds(_ flag: String?, _ image: Int64?, _ fallback: Double) throws -> Double {
            if let flag { return try Durations.parse(flag) }
            if let image, image > 0 { return Double(image) / 1e9 }
            return fallback
        }
        if noHealthcheck { healthTestArgs = nil }
        if let test = healthTestArgs {
            var startup: ContainerConfiguration.StartupCheck?
            if let healthStartupCmd {
                let startupInterval = try Durations.parse(healthStartupInterval ?? "30s")
                guard startupInterval >= 0.001 else { throw EngineError.invalid("invalid --health-startup-interval \((healthStartupInterval ?? "").debugDescription)") }
                startup = .init(test: healthTest(healthStartupCmd), interval: startupInterval, retries: healthStartupRetries ?? 0,
                                successes: healthStartupSuccess ?? 0, timeout: try Durations.parse(healthStartupTimeout ?? "30s"))
            }
            // "disable": no periodic checks (`healthcheck run` still works).
            let interval = healthInterval == "disable" ? 0 : try seconds(healthInterval, imageHealth?.interval, 30)
            if interval < 0 || (interval > 0 && interval < 0.001) { throw EngineError.invalid("invalid --health-interval \((healthInterval ?? "").debugDescription)") }
            health = .init(test: test, interval: interval, retries: healthRetries ?? (imageHealth?.retries).flatMap { $0 > 0 ? $0 : nil } ?? 3,
                           startPeriod: try seconds(healthStartPeriod, imageHealth?.startPeriod, 0),
                           timeout: try seconds(healthTimeout, imageHealth?.timeout, 30),
                           onFailure: healthOnFailure.flatMap(HealthFailureAction.init(rawValue:)),
                           maxLogCount: healthMaxLogCount, maxLogSize: healthMaxLogSize,
                           logDirectory: healthLogDestination == "local" ? nil : healthLogDestination, startup: startup)
        }

        if healthStartupCmd != nil && health == nil {
            throw EngineError.invalid("a startup healthcheck (--health-startup-cmd) needs a regular one (--health-cmd or the image's HEALTHCHECK)")
        }
        if sdnotify == "healthy" && health == nil {
            throw EngineError.invalid("--sdnotify=healthy requires a healthcheck (--health-cmd or the image's HEALTHCHECK)")
        }

        var hostName = hostname ?? ""
        if hostName.isEmpty && networkMode == "host" { hostName = ProcessInfo.processInfo.hostName }
        let userNamespace = try UserNamespaceConfig.from(userns: userns, uidmap: uidmap, gidmap: gidmap,
                                                         subuidname: subuidname, subgidname: subgidname)

        return ContainerConfiguration(
            imageReference: resolved.id, imageName: resolved.names.first ?? image,
            args: args, entrypoint: entry, command: cmd, env: environment,
            workingDir: workdir ?? imageConfig.workingDir ?? "/", user: user ?? imageConfig.user ?? "",
            groupAdd: groupAdd, hostname: hostName,
            addHosts: addHost.isEmpty ? nil : try addHost.map(Self.checkedHostEntry),
            dnsServers: dns.isEmpty ? nil : dns, dnsSearch: dnsSearch.isEmpty ? nil : dnsSearch,
            dnsOptions: dnsOption.isEmpty ? nil : dnsOption, labels: labels, annotations: annotations, mounts: mounts,
            readOnly: readOnly, readOnlyTmpfs: readOnlyTmpfs, capAdd: caps, capDrop: capDrop,
            noNewPrivileges: noNewPrivileges, seccompProfile: seccomp, maskPaths: mask, unmaskPaths: unmask,
            devices: device, sysctls: sysctls, ulimits: ulimit, pidsLimit: pidsLimit,
            memoryLimit: try memory.map(ByteSize.parse), shmSize: try shmSize.map(ByteSize.parse),
            stopSignal: signal, stopTimeout: stopTimeout ?? 10, initProcess: `init`, timezone: tz,
            logDriver: driver, logOptions: logOptions, cgroupsMode: cgroups, cgroupParent: cgroupParent,
            sdNotify: SdNotifyMode(rawValue: sdnotify) ?? .container, network: networkMode, autoRemove: rm,
            tty: tty, interactive: interactive, health: health, userNamespace: userNamespace, createCommand: createCommand,
            runtime: runtimeOverride, timeout: timeout)
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

    private func addEnv(_ e: String, _ set: (String) -> Void) throws {
        if e.contains("=") { set(e); return }
        if e.hasSuffix("*") {
            let prefix = String(e.dropLast())
            for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix(prefix) { set(k + "=" + v) }
            return
        }
        if let v = ProcessInfo.processInfo.environment[e] { set(e + "=" + v) }
    }

    static func keyValue(_ s: String) -> (String, String) {
        let parts = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    /// `none` and `host` work; bridge networks arrive in their own issue.
    static func networkMode(_ values: [String]) throws -> String {
        guard let value = values.last else { return "none" }
        switch value {
        case "none", "host": return value
        case "private": return "none"
        default:
            throw EngineError.invalid("network \(value.debugDescription): only --network none and --network host are supported so far (bridge networks come later)")
        }
    }
}

/// Parses `-v`, `--mount` and `--tmpfs` values.
enum ContainerMountParser {
    static func volume(_ spec: String) throws -> ContainerMountSpec {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 1, parts.count <= 3, !parts[0].isEmpty else { throw EngineError.invalid("invalid volume specification \(spec.debugDescription)") }
        // `-v /data` or `-v /data:ro`: an anonymous volume.
        if parts[0].hasPrefix("/") && (parts.count == 1 || (parts.count == 2 && !parts[1].hasPrefix("/"))) {
            let options = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
            for o in options where !["ro", "rw", "z", "Z", "U", "O", "rprivate", "private", "rshared", "shared", "rslave", "slave",
                                      "nosuid", "suid", "nodev", "dev", "noexec", "exec", "copy", "nocopy"].contains(o) {
                throw EngineError.invalid("invalid volume option \(o.debugDescription) in \(spec.debugDescription)")
            }
            return ContainerMountSpec(kind: .volume, source: "", destination: parts[0], options: options, anonymous: true)
        }
        guard parts.count >= 2 else { throw EngineError.invalid("invalid volume specification \(spec.debugDescription)") }
        let source = parts[0]
        let destination = parts[1]
        guard destination.hasPrefix("/") else { throw EngineError.invalid("invalid container path \(destination.debugDescription), must be an absolute path") }
        let options = parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : []
        for o in options where !["ro", "rw", "z", "Z", "U", "O", "rprivate", "private", "rshared", "shared", "rslave", "slave", "bind", "rbind",
                                  "nosuid", "suid", "nodev", "dev", "noexec", "exec", "copy", "nocopy", "idmap"].contains(o) {
            throw EngineError.invalid("invalid volume option \(o.debugDescription) in \(spec.debugDescription)")
        }
        if source.hasPrefix("/") || source.hasPrefix(".") {
            return ContainerMountSpec(kind: .bind, source: absolute(source), destination: destination, options: options)
        }
        try VolumeStore.validateName(source)
        return ContainerMountSpec(kind: .volume, source: source, destination: destination, options: options)
    }

    static func mount(_ spec: String) throws -> ContainerMountSpec {
        var kind = ContainerMountSpec.Kind.volume
        var source = ""
        var destination = ""
        var options: [String] = []
        for field in spec.split(separator: ",").map(String.init) {
            let kv = field.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv[0], value = kv.count > 1 ? kv[1] : ""
            switch key {
            case "type":
                guard let k = ContainerMountSpec.Kind(rawValue: value) else { throw EngineError.invalid("unsupported mount type \(value.debugDescription)") }
                kind = k
            case "source", "src": source = value
            case "destination", "dst", "target": destination = value
            case "ro", "readonly": if value.isEmpty || value == "true" { options.append("ro") }
            case "rw": options.append("rw")
            case "tmpfs-size": options.append("size=" + value)
            case "tmpfs-mode": options.append("mode=" + value)
            case "relabel", "chown", "idmap", "bind-nonrecursive", "consistency": break
            case "bind-propagation": options.append(value)
            default: options.append(field)
            }
        }
        guard destination.hasPrefix("/") else { throw EngineError.invalid("invalid --mount \(spec.debugDescription): destination must be an absolute path") }
        if kind == .bind { source = absolute(source) }
        if kind == .volume && source.isEmpty {
            return ContainerMountSpec(kind: .volume, source: "", destination: destination, options: options, anonymous: true)
        }
        if kind == .volume { try VolumeStore.validateName(source) }
        return ContainerMountSpec(kind: kind, source: source, destination: destination, options: options)
    }

    static func tmpfs(_ spec: String) -> ContainerMountSpec {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        return ContainerMountSpec(kind: .tmpfs, source: "", destination: parts[0],
                              options: parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : [])
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// Signal names and numbers as `kill -s` and `--stop-signal` take them.
enum Signals {
    static let names: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "IOT": 6, "BUS": 7, "FPE": 8, "KILL": 9, "USR1": 10,
        "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19,
        "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28,
        "IO": 29, "POLL": 29, "PWR": 30, "SYS": 31,
    ]

    static func parse(_ text: String) throws -> Int32 {
        if let n = Int32(text), n > 0, n < 65 { return n }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name = String(name.dropFirst(3)) }
        if let n = names[name] { return n }
        if name.hasPrefix("RTMIN+"), let k = Int32(name.dropFirst(6)) { return 34 + k }
        throw EngineError.invalid("invalid signal \(text.debugDescription)")
    }
}

/// Go-style durations: `30s`, `1m30s`, `500ms`, `2h`, or plain seconds.
enum Durations {
    static func parse(_ text: String) throws -> Double {
        if let n = Double(text) { return n }
        var total = 0.0
        var number = ""
        var unit = ""
        func flush() throws {
            guard let value = Double(number) else { throw EngineError.invalid("invalid duration \(text.debugDescription)") }
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            case "us", "µs": total += value / 1e6
            case "ns": total += value / 1e9
            default: throw EngineError.invalid("invalid duration \(text.debugDescription)")
            }
            number = ""; unit = ""
        }
        for ch in text {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { try flush() }
                number.append(ch)
            } else {
                unit.append(ch)
            }
        }
        if !number.isEmpty { try flush() }
        return total
    }
}
