import UnitParser

/// `.pod` → a forking service that creates the pod and starts its infra
/// container; member containers are pulled in with `Wants=`/`Before=`.
extension Conversion {
    static let podRules = KeyRuleTable([
        KeyRule("Label", "--label", .assignments),
    ])

    static let podNetworkRules = KeyRuleTable([
        KeyRule("IP", "--ip"), KeyRule("IP6", "--ip6"), KeyRule("ShmSize", "--shm-size"),
        KeyRule("NetworkAlias", "--network-alias", .everyValue), KeyRule("DNS", "--dns", .everyValue),
        KeyRule("DNSOption", "--dns-option", .everyValue), KeyRule("DNSSearch", "--dns-search", .everyValue),
        KeyRule("AddHost", "--add-host", .everyValue), KeyRule("HostName", "--hostname", .everyValue),
    ])

    mutating func convertPod() throws(ConversionError) {
        let name = info.resourceName
        for container in info.containersToStart {
            service.add("Wants", container, in: "Unit")
            service.add("Before", container, in: "Unit")
        }
        setServiceDefault("SyslogIdentifier", "%N")

        var start = baseCommand()
        start.add("pod", "start", name)
        service.addCommandLine("ExecStart", start.words, in: "Service")

        var stop = baseCommand()
        stop.add("pod", "stop", "--ignore", "--time=" + (source.lookupNonEmpty("StopTimeout", in: group) ?? "10"), name)
        service.addCommandLine("ExecStop", stop.words, in: "Service")

        var remove = baseCommand()
        remove.add("pod", "rm", "--ignore", "--force", name)
        service.addCommandLine("ExecStopPost", remove.words, in: "Service")

        var create = baseCommand()
        create.add("pod", "create", "--infra-conmon-pidfile=%t/%N.pid", "--replace")
        create.add("--exit-policy", source.lookup("ExitPolicy", in: group) ?? "stop")
        try addUserMappings(to: &create, manualRemap: true)
        addPublishPorts(to: &create)
        apply(Self.podRules, to: &create)
        try addNetworks(to: &create)
        apply(Self.podNetworkRules, to: &create)
        try addVolumes(to: &create)
        create.add("--infra-name", name + "-infra", "--name", name)
        addPodmanArgs(to: &create)
        service.addCommandLine("ExecStartPre", create.words, in: "Service")

        service.add("Environment", "PODMAN_SYSTEMD_UNIT=%n", in: "Service")
        service.set("Type", "forking", in: "Service")
        setServiceDefault("Restart", "on-failure")
        service.set("PIDFile", "%t/%N.pid", in: "Service")
    }
}
