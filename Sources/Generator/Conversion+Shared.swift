import UnitParser

/// Options several unit types share: networks, volumes, ports, user
/// namespaces, logging, health checks, extra engine arguments.
extension Conversion {
    /// `Network=` values; `x.network` and `x.container` become the
    /// resource they name and a dependency on their service.
    mutating func addNetworks(to command: inout EngineCommand) throws(ConversionError) {
        for network in source.lookupAll("Network", in: group) where !network.isEmpty {
            var value = network
            let (name, options) = Self.cut(network, at: ":")
            let isNetworkUnit = name.hasSuffix(".network")
            let isContainerUnit = name.hasSuffix(".container")
            if isNetworkUnit || isContainerUnit {
                guard let other = units[name] else {
                    throw ConversionError("requested Quadlet unit \(name) was not found", at: location(of: "Network"))
                }
                guard !other.resourceName.isEmpty else {
                    throw ConversionError("cannot get the resource name of \(name)", at: location(of: "Network"))
                }
                require(other)
                if let options {
                    if isContainerUnit {
                        throw ConversionError("extra options are not supported when joining another container's network", at: location(of: "Network"))
                    }
                    value = other.resourceName + ":" + options
                } else {
                    value = isContainerUnit ? "container:" + other.resourceName : other.resourceName
                }
            }
            command.add("--network", value)
        }
    }

    /// `Volume=SRC:DST[:OPTIONS]` → `-v`; `x.volume` sources resolve to the
    /// volume's name, relative paths to the unit's directory.
    mutating func addVolumes(to command: inout EngineCommand) throws(ConversionError) {
        for volume in source.lookupAll("Volume", in: group) {
            let parts = volume.split(byte: UInt8(ascii: ":"), maxSplits: 2)
            var sourcePath = ""
            let destination: String
            var options = ""
            if parts.count >= 2 {
                sourcePath = parts[0]
                destination = parts[1]
            } else {
                destination = parts[0]
            }
            if parts.count >= 3 { options = ":" + parts[2] }
            if !sourcePath.isEmpty {
                sourcePath = try storageSource(sourcePath, allowImages: false, key: "Volume")
            }
            command.add("-v")
            command.add(sourcePath.isEmpty ? destination : sourcePath + ":" + destination + options)
        }
    }

    /// Resolves the source of a volume or mount: relative paths against the
    /// unit's directory (and `RequiresMountsFor=` for host paths), Quadlet
    /// units to their resource name plus a dependency.
    mutating func storageSource(_ value: String, allowImages: Bool, key: String) throws(ConversionError) -> String {
        var value = value
        if value.hasPrefix(".") { value = absolutePath(value) }
        if value.hasPrefix("/") {
            service.add("RequiresMountsFor", CEscape.wordNeedsEscape(value) ? CEscape.quote(value) : value, in: "Unit")
        } else if value.hasSuffix(".volume")
            || (allowImages && (value.hasSuffix(".image") || value.hasSuffix(".build") || value.hasSuffix(".artifact"))) {
            guard let other = units[value] else {
                throw ConversionError("requested Quadlet source \(value) was not found", at: location(of: key))
            }
            require(other)
            value = other.resourceName
        }
        return value
    }

    /// `Image=` naming an `.image` or `.build` unit becomes that image's name.
    mutating func imageSource(_ image: String, key: String = "Image") throws(ConversionError) -> String {
        guard image.hasSuffix(".image") || image.hasSuffix(".build") else { return image }
        guard let other = units[image] else {
            throw ConversionError("requested Quadlet image \(image) was not found", at: location(of: key))
        }
        require(other)
        return other.resourceName
    }

    mutating func addPublishPorts(to command: inout EngineCommand) {
        for port in source.lookupAll("PublishPort", in: group) {
            command.add("--publish", port)
        }
    }

    mutating func addLogging(to command: inout EngineCommand) {
        if let driver = source.lookup("LogDriver", in: group) { command.add("--log-driver", driver) }
        for option in source.lookupAllStrv("LogOpt", in: group) { command.add("--log-opt", option) }
    }

    mutating func addPodmanArgs(to command: inout EngineCommand) {
        command.add(contentsOf: source.lookupAllArgs("PodmanArgs", in: group))
    }

    static let healthRules: [(String, String)] = [
        ("HealthCmd", "cmd"), ("HealthInterval", "interval"), ("HealthOnFailure", "on-failure"),
        ("HealthLogDestination", "log-destination"), ("HealthMaxLogCount", "max-log-count"),
        ("HealthMaxLogSize", "max-log-size"), ("HealthRetries", "retries"), ("HealthStartPeriod", "start-period"),
        ("HealthTimeout", "timeout"), ("HealthStartupCmd", "startup-cmd"), ("HealthStartupInterval", "startup-interval"),
        ("HealthStartupRetries", "startup-retries"), ("HealthStartupSuccess", "startup-success"),
        ("HealthStartupTimeout", "startup-timeout"),
    ]

    func addHealth(to command: inout EngineCommand) {
        for (key, name) in Self.healthRules where sets(key) {
            if let value = source.lookupNonEmpty(key, in: group) { command.add("--health-" + name, value) }
        }
    }

    /// `UserNS=`, `UIDMap=`, `GIDMap=`, `SubUIDMap=`, `SubGIDMap=`, or the
    /// deprecated `RemapUsers=` family (never both).
    mutating func addUserMappings(to command: inout EngineCommand, manualRemap: Bool) throws(ConversionError) {
        var defined = false
        if let userns = source.lookupNonEmpty("UserNS", in: group) {
            command.add("--userns", userns)
            defined = true
        }
        for map in source.lookupAllStrv("UIDMap", in: group) {
            command.add("--uidmap", map)
            defined = true
        }
        for map in source.lookupAllStrv("GIDMap", in: group) {
            command.add("--gidmap", map)
            defined = true
        }
        if let name = source.lookupNonEmpty("SubUIDMap", in: group) {
            command.add("--subuidname", name)
            defined = true
        }
        if let name = source.lookupNonEmpty("SubGIDMap", in: group) {
            command.add("--subgidname", name)
            defined = true
        }
        if defined {
            if source.hasKey("RemapUid", in: group) || source.hasKey("RemapGid", in: group) || source.hasKey("RemapUsers", in: group) {
                throw ConversionError("deprecated Remap keys are set along with explicit mapping keys", at: location(of: "RemapUsers") ?? location(of: "RemapUid") ?? location(of: "RemapGid"))
            }
            return
        }
        try addUserRemap(to: &command, manualRemap: manualRemap)
    }

    private mutating func addUserRemap(to command: inout EngineCommand, manualRemap: Bool) throws(ConversionError) {
        let uidMaps = source.lookupAllStrv("RemapUid", in: group)
        let gidMaps = source.lookupAllStrv("RemapGid", in: group)
        let mode = source.lookup("RemapUsers", in: group) ?? ""
        let place = location(of: "RemapUsers")
        switch mode {
        case "":
            if !uidMaps.isEmpty { throw ConversionError("UidMap set without RemapUsers", at: location(of: "RemapUid")) }
            if !gidMaps.isEmpty { throw ConversionError("GidMap set without RemapUsers", at: location(of: "RemapGid")) }
        case "manual":
            guard manualRemap else { throw ConversionError("RemapUsers=manual is not supported", at: place) }
            for map in uidMaps { command.add("--uidmap", map) }
            for map in gidMaps { command.add("--gidmap", map) }
        case "auto":
            var options = uidMaps.map { "uidmapping=" + $0 } + gidMaps.map { "gidmapping=" + $0 }
            let size = source.lookupUInt32("RemapUidSize", in: group, default: 0)
            if size > 0 { options.append("size=\(size)") }
            command.add("--userns", Self.usernsValue("auto", options))
        case "keep-id":
            var options: [String] = []
            if uidMaps.count > 1 { throw ConversionError("RemapUsers=keep-id supports only a single value for UID mapping", at: location(of: "RemapUid")) }
            if gidMaps.count > 1 { throw ConversionError("RemapUsers=keep-id supports only a single value for GID mapping", at: location(of: "RemapGid")) }
            if let uid = uidMaps.first { options.append("uid=" + uid) }
            if let gid = gidMaps.first { options.append("gid=" + gid) }
            command.add("--userns", Self.usernsValue("keep-id", options))
        default:
            throw ConversionError("unsupported RemapUsers option '\(mode)'", at: place)
        }
    }

    private static func usernsValue(_ mode: String, _ options: [String]) -> String {
        options.isEmpty ? mode : mode + ":" + options.joined(separator: ",")
    }

    /// `ReloadCmd=` (exec in the container) or `ReloadSignal=` (kill) → `ExecReload=`.
    mutating func addReload(containerName: String) throws(ConversionError) {
        let signal = source.lookupNonEmpty("ReloadSignal", in: group)
        var reloadCommand: [String]?
        do {
            reloadCommand = try source.lookupLastArgs("ReloadCmd", in: group)
        } catch {
            warnings.append("ReloadCmd: \(error) in \(location(of: "ReloadCmd").map { "\($0)" } ?? source.path)")
        }
        if reloadCommand?.isEmpty == true { reloadCommand = nil }
        guard reloadCommand != nil || signal != nil else { return }
        if reloadCommand != nil && signal != nil {
            throw ConversionError("ReloadCmd and ReloadSignal are mutually exclusive but both are set", at: location(of: "ReloadSignal"))
        }
        var command = baseCommand()
        if let reloadCommand {
            command.add("exec", containerName)
            command.add(contentsOf: reloadCommand)
        } else if let signal {
            command.add("kill", "--signal", signal, containerName)
        }
        service.addCommandLine("ExecReload", command.words, in: "Service")
    }

    /// `User=` and `Group=` → `--user U[:G]`.
    func addUser(to command: inout EngineCommand) throws(ConversionError) {
        let user = source.lookupNonEmpty("User", in: group)
        let groupName = source.lookupNonEmpty("Group", in: group)
        guard let user else {
            if groupName != nil { throw ConversionError("invalid Group set without User", at: location(of: "Group")) }
            return
        }
        command.add("--user", groupName.map { user + ":" + $0 } ?? user)
    }

    /// Splits at the first `separator`: ("a", "b") for "a:b", ("a", nil) for "a".
    static func cut(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }
}
