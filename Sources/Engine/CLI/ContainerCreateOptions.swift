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
        guard ["always", "missing", "never", "newer"].contains(pull) else {
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
        // The monitor counts the timeout in milliseconds; Go's durations end here too.
        if let timeout, timeout < 0 || Double(timeout) > Durations.maximumSeconds {
            throw ValidationError("invalid --timeout \(timeout): use 0 to \(Int(Durations.maximumSeconds)) seconds")
        }
        if healthMaxLogCount < 0 || healthMaxLogSize < 0 { throw ValidationError("--health-max-log-count and --health-max-log-size must be 0 or more") }
        if healthLogDestination != "local" && !healthLogDestination.hasPrefix("/") {
            throw ValidationError("--health-log-destination \(healthLogDestination.debugDescription) is not supported: use local or an absolute directory path")
        }
    }

    /// Turns the flags, the image and the command into a configuration.
    func configuration(store: Store, image: String, command: [String], runtimeOverride: String?, createCommand: [String]) throws -> ContainerConfiguration {
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
        let memoryLimit = try memory.flatMap(ByteSize.memoryLimit)
        let shmBytes = try shmSize.map(ByteSize.shmSize)
        let logOptions = try LogOptions.parse(logOpt)
        for u in ulimit { _ = try Ulimit.parse(u) }
        if !publish.isEmpty && networkMode == "none" {
            throw EngineError.invalid("--publish needs a bridge network, which berth does not support yet (use --network host)")
        }
        let resolved: StoredImage
        do { resolved = try store.images.resolve(image) } catch let error as EngineError where error.kind == .notFound {
            if pull == "always" || pull == "newer" {
                throw EngineError(.notFound, "\(image): pulling images is not supported yet (use berth load or berth import)")
            }
            throw EngineError(.notFound, "\(image): image not known")
        }
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
            let data: Data
            do { data = try FileSystem.readFile(file) } catch let error as EngineError {
                throw EngineError.invalid("parsing file \(file.debugDescription): \(error.message)")
            }
            for assignment in try EnvironmentAssignment.parseFile(Array(data)) { addEnv(assignment, setEnv) }
        }
        for e in env { addEnv(try EnvironmentAssignment.parse(e), setEnv) }

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
        for t in tmpfs {
            let parsed = try TmpfsMount.parse(t)
            mounts.append(ContainerMountSpec(kind: .tmpfs, source: "", destination: parsed.destination, options: parsed.options))
        }
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
        func seconds(_ flag: String?, _ name: String, _ image: Int64?, _ fallback: Double) throws -> Double {
            if let flag { return try Self.duration(flag, name) }
            if let image, image > 0 { return Double(image) / 1e9 }
            return fallback
        }
        if noHealthcheck { healthTestArgs = nil }
        if let test = healthTestArgs {
            var startup: ContainerConfiguration.StartupCheck?
            if let healthStartupCmd {
                let startupInterval = try Self.duration(healthStartupInterval ?? "30s", "healthcheck-startup-interval")
                guard startupInterval >= 0.001 else { throw EngineError.invalid("invalid --health-startup-interval \((healthStartupInterval ?? "").debugDescription)") }
                startup = .init(test: healthTest(healthStartupCmd), interval: startupInterval, retries: healthStartupRetries ?? 0,
                                successes: healthStartupSuccess ?? 0, timeout: try Self.duration(healthStartupTimeout ?? "30s", "healthcheck-startup-timeout"))
            }
            // "disable": no periodic checks (`healthcheck run` still works).
            let interval = healthInterval == "disable" ? 0 : try seconds(healthInterval, "healthcheck-interval", imageHealth?.interval, 30)
            if interval < 0 || (interval > 0 && interval < 0.001) { throw EngineError.invalid("invalid --health-interval \((healthInterval ?? "").debugDescription)") }
            health = .init(test: test, interval: interval, retries: healthRetries ?? (imageHealth?.retries).flatMap { $0 > 0 ? $0 : nil } ?? 3,
                           startPeriod: try seconds(healthStartPeriod, "healthcheck-start-period", imageHealth?.startPeriod, 0),
                           timeout: try seconds(healthTimeout, "healthcheck-timeout", imageHealth?.timeout, 30),
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
            memoryLimit: memoryLimit, shmSize: shmBytes,
            stopSignal: signal, stopTimeout: stopTimeout ?? 10, initProcess: `init`, timezone: tz,
            logDriver: driver, logOptions: logOptions, cgroupsMode: cgroups, cgroupParent: cgroupParent,
            sdNotify: SdNotifyMode(rawValue: sdnotify) ?? .container, network: networkMode, autoRemove: rm,
            tty: tty, interactive: interactive, health: health, userNamespace: userNamespace, createCommand: createCommand,
            runtime: runtimeOverride, timeout: timeout)
    }

    /// A health-check duration, with Podman's message naming the flag.
    static func duration(_ text: String, _ name: String) throws -> Double {
        do { return try Durations.parse(text) } catch let error as EngineError { throw EngineError.invalid("invalid \(name): \(error.message)") }
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

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
