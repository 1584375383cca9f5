import UnitParser

/// `.container` → a `Type=notify` service whose main process is the monitor.
extension Conversion {
    static let containerValueRules = KeyRuleTable([
        KeyRule("Timezone", "--tz"), KeyRule("PidsLimit", "--pids-limit"), KeyRule("ShmSize", "--shm-size"),
        KeyRule("WorkingDir", "--workdir"), KeyRule("IP", "--ip"), KeyRule("IP6", "--ip6"),
        KeyRule("HostName", "--hostname"), KeyRule("StopSignal", "--stop-signal"),
        KeyRule("StopTimeout", "--stop-timeout"), KeyRule("Pull", "--pull"), KeyRule("Memory", "--memory"),
        KeyRule("Retry", "--retry"), KeyRule("RetryDelay", "--retry-delay"),
        KeyRule("NetworkAlias", "--network-alias", .everyValue), KeyRule("Ulimit", "--ulimit", .everyValue),
        KeyRule("DNS", "--dns", .everyValue), KeyRule("DNSOption", "--dns-option", .everyValue),
        KeyRule("DNSSearch", "--dns-search", .everyValue), KeyRule("GroupAdd", "--group-add", .everyValue),
        KeyRule("AddHost", "--add-host", .everyValue), KeyRule("Tmpfs", "--tmpfs", .everyValue),
        KeyRule("RunInit", "--init", .boolean), KeyRule("EnvironmentHost", "--env-host", .boolean),
        KeyRule("ReadOnlyTmpfs", "--read-only-tmpfs", .boolean), KeyRule("HttpProxy", "--http-proxy", .boolean),
    ])

    static let containerSecurityRules: [(key: String, prefix: String)] = [
        ("SecurityLabelType", "label=type:"), ("SecurityLabelFileType", "label=filetype:"),
        ("SecurityLabelLevel", "label=level:"), ("AppArmor", "apparmor="),
    ]

    static let containerAssignmentRules = KeyRuleTable([
        KeyRule("Environment", "--env", .assignments), KeyRule("Label", "--label", .assignments),
        KeyRule("Annotation", "--annotation", .assignments),
    ])

    mutating func convertContainer() throws(ConversionError) {
        let image = source.lookupNonEmpty("Image", in: group)
        let rootfs = source.lookupNonEmpty("Rootfs", in: group)
        if image == nil && rootfs == nil {
            throw ConversionError("no Image or Rootfs key specified")
        }
        if image != nil && rootfs != nil {
            throw ConversionError("the Image And Rootfs keys conflict can not be specified together", at: location(of: "Rootfs"))
        }
        let resolvedImage = try image.map { (image) throws(ConversionError) in try imageSource(image) }
        let name = UnitInfo.containerName(of: source)

        service.add("Environment", "PODMAN_SYSTEMD_UNIT=%n", in: "Service")
        if let killMode = service.lookup("KillMode", in: "Service") {
            guard killMode == "mixed" || killMode == "control-group" else {
                throw ConversionError("invalid KillMode '\(killMode)'", at: source.location(of: "KillMode", in: "Service"))
            }
        } else {
            // mixed lets the monitor forward the stop signal and clean up.
            service.set("KillMode", "mixed", in: "Service")
        }

        var stop = baseCommand()
        stop.add("rm", "-v", "-f", "-i", name)
        service.addCommandLine("ExecStop", stop.words, in: "Service")
        // ExecStop does not run when the monitor itself dies; ExecStopPost does.
        var stopPost = stop.words
        stopPost[0] = "-" + stopPost[0]
        service.addCommandLine("ExecStopPost", stopPost, in: "Service")

        try addReload(containerName: name)

        var run = baseCommand()
        run.add("run", "--name", name, "--replace", "--rm")
        addLogging(to: &run)
        service.add("Delegate", "yes", in: "Service")
        if let mode = source.lookupNonEmpty("CgroupsMode", in: group) {
            run.add("--cgroups", mode)
        } else {
            run.add("--cgroups=split")
        }
        if let entrypoint = source.lookup("Entrypoint", in: group) {
            // One word, so an empty value clears the image's entrypoint.
            run.add("--entrypoint=" + entrypoint)
        }
        apply(Self.containerValueRules, to: &run)
        try addNetworks(to: &run)

        let serviceType = service.lookup("Type", in: "Service")
        if let serviceType, serviceType != "notify" && serviceType != "oneshot" {
            throw ConversionError("invalid service Type '\(serviceType)'", at: source.location(of: "Type", in: "Service"))
        }
        if serviceType != "oneshot" {
            let notify = source.lookup("Notify", in: group)
            if notify?.lowercased() == "healthy" {
                run.add("--sdnotify=healthy")
            } else if source.lookupBoolean("Notify", in: group, default: false) {
                run.add("--sdnotify=container")
            } else {
                run.add("--sdnotify=conmon")
            }
            service.set("Type", "notify", in: "Service")
            service.set("NotifyAccess", "all", in: "Service")
            // The engine detaches; the monitor stays as the main process.
            run.add("-d")
        }
        setServiceDefault("SyslogIdentifier", "%N")

        addSecurityOptions(to: &run)
        addDevices(to: &run)
        if let profile = source.lookup("SeccompProfile", in: group) {
            run.add("--security-opt", "seccomp=" + profile)
        }
        for capability in source.lookupAllStrv("DropCapability", in: group) {
            run.add("--cap-drop", capability.lowercased())
        }
        for capability in source.lookupAllStrv("AddCapability", in: group) {
            run.add("--cap-add", capability.lowercased())
        }
        for sysctl in source.lookupAllStrv("Sysctl", in: group) {
            run.add("--sysctl", sysctl)
        }
        let readOnly = source.lookupBoolean("ReadOnly", in: group)
        if let readOnly { run.add(flag: "--read-only", readOnly) }
        if source.lookupBoolean("VolatileTmp", in: group, default: false), readOnly != true {
            run.add("--tmpfs", "/tmp:rw,size=512M,mode=1777")
        }

        try addUser(to: &run)
        try addUserMappings(to: &run, manualRemap: true)
        try addVolumes(to: &run)

        if let update = source.lookupNonEmpty("AutoUpdate", in: group) {
            run.add("--label", "io.containers.autoupdate=" + update)
        }
        for port in source.lookupAll("ExposeHostPort", in: group) {
            let trimmed = String(port.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            guard Self.isPortRange(trimmed) else {
                throw ConversionError("invalid port format '\(trimmed)'", at: location(of: "ExposeHostPort"))
            }
            run.add("--expose", trimmed)
        }
        addPublishPorts(to: &run)
        apply(Self.containerAssignmentRules, to: &run)
        for mask in source.lookupAllArgs("Mask", in: group) {
            run.add("--security-opt", "mask=" + mask)
        }
        for unmask in source.lookupAllArgs("Unmask", in: group) {
            run.add("--security-opt", "unmask=" + unmask)
        }
        for file in source.lookupAllArgs("EnvironmentFile", in: group) {
            run.add("--env-file", absolutePath(file))
        }
        // Spec note: `Secret=systemd-credential:NAME[,type=env|mount,target=...]`
        // passes on a credential the unit's [Service] loads (LoadCredential=,
        // LoadCredentialEncrypted=, SetCredentialEncrypted=): written through
        // unchanged like any Secret=, berth reads $CREDENTIALS_DIRECTORY/NAME
        // at start and never stores it (Podman has no such source).
        for secret in source.lookupAllArgs("Secret", in: group) {
            run.add("--secret", secret)
        }
        for mount in source.lookupAllArgs("Mount", in: group) {
            run.add("--mount", try resolveMount(mount))
        }
        addHealth(to: &run)
        try addPod(to: &run)
        addPodmanArgs(to: &run)

        if let resolvedImage {
            run.add(resolvedImage)
        } else if let rootfs {
            run.add("--rootfs", rootfs)
        }
        do {
            if let exec = try source.lookupLastArgs("Exec", in: group) { run.add(contentsOf: exec) }
        } catch {
            warnings.append("Exec: \(error) in \(location(of: "Exec").map { "\($0)" } ?? source.path)")
        }
        service.addCommandLine("ExecStart", run.words, in: "Service")
    }

    private func addSecurityOptions(to run: inout EngineCommand) {
        if source.lookupBoolean("NoNewPrivileges", in: group, default: false) {
            run.add("--security-opt=no-new-privileges")
        }
        if source.lookupBoolean("SecurityLabelDisable", in: group, default: false) {
            run.add("--security-opt", "label=disable")
        }
        if source.lookupBoolean("SecurityLabelNested", in: group, default: false) {
            run.add("--security-opt", "label=nested")
        }
        for (key, prefix) in Self.containerSecurityRules where sets(key) {
            if let value = source.lookupNonEmpty(key, in: group) { run.add("--security-opt", prefix + value) }
        }
    }

    /// `AddDevice=-/dev/x` adds the device only when it exists.
    private func addDevices(to run: inout EngineCommand) {
        for device in source.lookupAllStrv("AddDevice", in: group) {
            var device = device
            if device.hasPrefix("-") {
                device.removeFirst()
                let path = Self.cut(device, at: ":").0
                if !FileSystem.exists(path) { continue }
            }
            run.add("--device", device)
        }
    }

    /// `Pod=x.pod` joins the pod and binds the container's service to the pod's.
    private mutating func addPod(to run: inout EngineCommand) throws(ConversionError) {
        guard let pod = source.lookupNonEmpty("Pod", in: group) else { return }
        guard pod.hasSuffix(".pod") else {
            throw ConversionError("pod \(pod) is not Quadlet based", at: location(of: "Pod"))
        }
        guard let podInfo = units[pod] else {
            throw ConversionError("quadlet pod unit \(pod) does not exist", at: location(of: "Pod"))
        }
        run.add("--pod", podInfo.resourceName)
        // The pod's service starts this one: see UnitInfo.podStartingWith.
        require(podInfo, binding: true)
    }

    /// Rewrites a `Mount=` value with its source resolved.
    mutating func resolveMount(_ text: String) throws(ConversionError) -> String {
        guard var mount = try? MountOption(parsing: text) else {
            throw ConversionError("invalid mount format '\(text)'", at: location(of: "Mount"))
        }
        guard ["volume", "bind", "glob", "image", "artifact"].contains(mount.type) else { return text }
        guard let (index, value) = mount.source else {
            if mount.type == "volume" { return mount.text }
            throw ConversionError("source parameter is required for mount type \(mount.type)", at: location(of: "Mount"))
        }
        guard let value, !value.isEmpty else {
            throw ConversionError("source parameter does not include a value", at: location(of: "Mount"))
        }
        mount.fields[index] = "source=" + (try storageSource(value, allowImages: true, key: "Mount"))
        return mount.text
    }

    /// `N`, `N-M`, optionally `/tcp` or `/udp`.
    static func isPortRange(_ port: String) -> Bool {
        var text = port[...]
        if text.hasSuffix("/tcp") || text.hasSuffix("/udp") { text = text.dropLast(4) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
