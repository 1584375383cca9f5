import Foundation
import UnitParser

/// `generate quadlet`: Quadlet files that recreate existing containers,
/// pods, volumes and networks. A container or pod is read back from the
/// command line that created it (what the user typed, not the image's
/// defaults merged in): each flag with a Quadlet key becomes that key, any
/// other goes to `PodmanArgs=` word for word, so nothing is dropped.
package struct QuadletExport {
    let store: Store
    /// Whether a long flag of `run`/`create` (or `pod create`) takes a
    /// value: only the CLI's parser knows every flag.
    let takesValue: (_ flag: String, _ pod: Bool) -> Bool

    package init(store: Store, takesValue: @escaping (_ flag: String, _ pod: Bool) -> Bool) {
        self.store = store
        self.takesValue = takesValue
    }

    /// One file per name, looked up as a container, a pod, a volume, then a network.
    package func export(_ names: [String]) throws -> ComposeConversion {
        var result = ComposeConversion()
        let containers = ContainerManager(store: store)
        let pods = PodManager(store: store)
        let networks = NetworkStore(store: store)
        for name in names {
            if let c = try? containers.loadRecorded(name) {
                result.files.append(try container(c, notes: &result.untranslated))
            } else if let pod = try? pods.lookup(name) {
                result.files.append(try self.pod(pod, notes: &result.untranslated))
            } else if let volume = try? store.volumes.get(name) {
                result.files.append(self.volume(volume))
            } else if let network = try? networks.load(name) {
                result.files.append(self.network(network))
            } else {
                throw EngineError.notFound("no container, pod, volume or network with name or ID \"\(name)\" found")
            }
        }
        return result
    }

    // MARK: containers

    func container(_ c: Container, notes: inout [String]) throws -> (name: String, text: String) {
        guard c.config.podInfra != true else {
            throw EngineError.invalid("\(c.name) is the infra container of pod \(c.config.pod ?? ""): generate the pod instead")
        }
        let words = try Self.verbArguments(c.config.createCommand, verbs: ["run", "create"], what: "container \(c.name)")
        let parsed = Self.split(words, takesValue: { takesValue($0, false) })
        var unit = QuadletUnitText(section: "Container")
        unit.unitSection.append("Description=The container \(c.name) (berth generate quadlet)")
        var rootfs = false
        var podmanArgs: [String] = []
        for (flag, value) in parsed.flags {
            if flag == "--rootfs" { rootfs = true; continue }
            if !containerKey(flag, value, &unit, notes: &notes) { podmanArgs += value.map { [flag, $0] } ?? [flag] }
        }
        guard let image = parsed.positionals.first else {
            throw EngineError.invalid("container \(c.name): its create command names no image")
        }
        unit.lines.insert((rootfs ? "Rootfs=" : "Image=") + image, at: 0)
        if !unit.lines.contains(where: { $0.hasPrefix("ContainerName=") }) { unit.lines.insert("ContainerName=" + c.name, at: 1) }
        let command = Array(parsed.positionals.dropFirst())
        if !command.isEmpty { unit.lines.append("Exec=" + Self.words(command)) }
        if !podmanArgs.isEmpty { unit.lines.append("PodmanArgs=" + Self.words(podmanArgs)) }
        return (Self.fileName(c.name, ".container"), unit.text)
    }

    /// `run`/`create` flags with a `.container` key (the generator's table read backwards).
    static let containerKeys: [String: String] = [
        "--env": "Environment", "--env-file": "EnvironmentFile", "--entrypoint": "Entrypoint", "--workdir": "WorkingDir",
        "--group-add": "GroupAdd", "--hostname": "HostName", "--label": "Label", "--annotation": "Annotation",
        "--volume": "Volume", "--mount": "Mount", "--tmpfs": "Tmpfs", "--cap-add": "AddCapability", "--cap-drop": "DropCapability",
        "--device": "AddDevice", "--sysctl": "Sysctl", "--ulimit": "Ulimit", "--pids-limit": "PidsLimit", "--memory": "Memory",
        "--shm-size": "ShmSize", "--stop-signal": "StopSignal", "--stop-timeout": "StopTimeout", "--tz": "Timezone",
        "--log-driver": "LogDriver", "--log-opt": "LogOpt", "--pull": "Pull", "--network": "Network", "--net": "Network",
        "--ip": "IP", "--ip6": "IP6", "--network-alias": "NetworkAlias", "--publish": "PublishPort", "--expose": "ExposeHostPort",
        "--secret": "Secret", "--dns": "DNS", "--dns-search": "DNSSearch", "--dns-option": "DNSOption", "--add-host": "AddHost",
        "--userns": "UserNS", "--uidmap": "UIDMap", "--gidmap": "GIDMap", "--subuidname": "SubUIDMap", "--subgidname": "SubGIDMap",
        "--health-cmd": "HealthCmd", "--health-interval": "HealthInterval", "--health-retries": "HealthRetries",
        "--health-start-period": "HealthStartPeriod", "--health-timeout": "HealthTimeout", "--health-on-failure": "HealthOnFailure",
        "--health-startup-cmd": "HealthStartupCmd", "--health-startup-interval": "HealthStartupInterval",
        "--health-startup-retries": "HealthStartupRetries", "--health-startup-success": "HealthStartupSuccess",
        "--health-startup-timeout": "HealthStartupTimeout", "--health-log-destination": "HealthLogDestination",
        "--health-max-log-count": "HealthMaxLogCount", "--health-max-log-size": "HealthMaxLogSize",
        "--retry": "Retry", "--retry-delay": "RetryDelay", "--cgroups": "CgroupsMode",
    ]
    /// Boolean flags with a `.container` key.
    static let containerBooleans: [String: String] = [
        "--read-only": "ReadOnly", "--read-only-tmpfs": "ReadOnlyTmpfs", "--init": "RunInit", "--env-host": "EnvironmentHost",
        "--http-proxy": "HttpProxy",
    ]
    /// What the unit's service does itself (it runs detached, replaces and removes the container).
    static let serviceFlags: Set<String> = ["--detach", "--rm", "--replace", "--cidfile", "--name", "--quiet", "--sdnotify"]

    /// Adds the key a flag has; false for a flag without one.
    private func containerKey(_ flag: String, _ value: String?, _ unit: inout QuadletUnitText, notes: inout [String]) -> Bool {
        if Self.serviceFlags.contains(flag) {
            if flag == "--name", let value { unit.lines.append("ContainerName=" + value) }
            if flag == "--sdnotify", let value, value != "conmon" { unit.lines.append("Notify=" + (value == "container" ? "true" : value)) }
            return true
        }
        if let key = Self.containerBooleans[flag] {
            unit.lines.append(key + "=" + (value.map { Self.isFalse($0) ? "false" : "true" } ?? "true"))
            return true
        }
        guard let value else { return false }
        switch flag {
        case "--user":
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            unit.lines.append("User=" + parts[0])
            if parts.count > 1 { unit.lines.append("Group=" + parts[1]) }
        case "--pod":
            unit.lines.append("Pod=" + Self.fileName(value, ".pod"))
            notes.append("Pod=\(Self.fileName(value, ".pod")): generate the pod's unit too (berth generate quadlet \(value))")
        case "--security-opt" where value == "no-new-privileges" || value == "no-new-privileges:true" || value == "no-new-privileges=true":
            unit.lines.append("NoNewPrivileges=true")
        case "--security-opt" where value.hasPrefix("seccomp=") || value.hasPrefix("mask=") || value.hasPrefix("unmask="):
            let (name, rest) = Self.keyValue(value)
            unit.lines.append(["seccomp": "SeccompProfile", "mask": "Mask", "unmask": "Unmask"][name]! + "=" + rest)
        case "--restart":
            // systemd restarts the service; unless-stopped is always under a unit.
            let policy = value.split(separator: ":").first.map(String.init) ?? value
            if policy != "no" { unit.service.append("Restart=" + (policy == "unless-stopped" ? "always" : policy)) }
        case "--env", "--label", "--annotation":
            unit.lines.append(Self.containerKeys[flag]! + "=" + Self.words([value]))
        default:
            guard let key = Self.containerKeys[flag] else { return false }
            unit.lines.append(key + "=" + value)
        }
        return true
    }

    // MARK: pods, volumes, networks

    func pod(_ record: PodRecord, notes: inout [String]) throws -> (name: String, text: String) {
        let config = try JSONDecoder().decode(PodConfiguration.self, from: record.config)
        var unit = QuadletUnitText(section: "Pod")
        unit.unitSection.append("Description=The pod \(record.name) (berth generate quadlet)")
        unit.lines.append("PodName=" + record.name)
        var podmanArgs: [String] = []
        if !config.createCommand.isEmpty {
            let words = try Self.verbArguments(config.createCommand, verbs: ["create"], what: "pod \(record.name)")
            let keys = ["--publish": "PublishPort", "--network": "Network", "--net": "Network", "--volume": "Volume",
                        "--label": "Label", "--hostname": "HostName", "--ip": "IP", "--ip6": "IP6", "--network-alias": "NetworkAlias",
                        "--dns": "DNS", "--dns-search": "DNSSearch", "--dns-option": "DNSOption", "--add-host": "AddHost",
                        "--userns": "UserNS", "--uidmap": "UIDMap", "--gidmap": "GIDMap", "--exit-policy": "ExitPolicy"]
            for (flag, value) in Self.split(words, takesValue: { takesValue($0, true) }).flags where !["--name", "-n", "--replace"].contains(flag) {
                if let value, let key = keys[flag] { unit.lines.append(key + "=" + value) } else { podmanArgs += value.map { [flag, $0] } ?? [flag] }
            }
        }
        if !podmanArgs.isEmpty { unit.lines.append("PodmanArgs=" + Self.words(podmanArgs)) }
        return (Self.fileName(record.name, ".pod"), unit.text)
    }

    func volume(_ volume: VolumeRecord) -> (name: String, text: String) {
        var unit = QuadletUnitText(section: "Volume")
        unit.lines.append("VolumeName=" + volume.name)
        if volume.driver != "local" { unit.lines.append("Driver=" + volume.driver) }
        let options = (try? JSONDecoder().decode([String: String].self, from: volume.options)) ?? [:]
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "device": unit.lines.append("Device=" + value)
            case "type": unit.lines.append("Type=" + value)
            case "o": unit.lines.append("Options=" + value)
            default: unit.lines.append("PodmanArgs=" + Self.words(["--opt", key + "=" + value]))
            }
        }
        let labels = (try? JSONDecoder().decode([String: String].self, from: volume.labels)) ?? [:]
        unit.lines += labels.sorted { $0.key < $1.key }.map { "Label=" + Self.words([$0.key + "=" + $0.value]) }
        return (Self.fileName(volume.name, ".volume"), unit.text)
    }

    func network(_ network: NetworkConfig) -> (name: String, text: String) {
        var unit = QuadletUnitText(section: "Network")
        unit.lines.append("NetworkName=" + network.name)
        if network.driver != "bridge" { unit.lines.append("Driver=" + network.driver) }
        for subnet in network.subnets {
            unit.lines.append("Subnet=" + subnet.subnet)
            if let gateway = subnet.gateway { unit.lines.append("Gateway=" + gateway) }
        }
        if network.isInternal { unit.lines.append("Internal=true") }
        if network.ipv6Enabled { unit.lines.append("IPv6=true") }
        if !network.dnsEnabled && network.driver == "bridge" { unit.lines.append("DisableDNS=true") }
        unit.lines += (network.networkDNSServers ?? []).map { "DNS=" + $0 }
        // A bridge name berth or Podman chose is chosen again.
        if let name = network.networkInterface, !Self.isChosenBridgeName(name) { unit.lines.append("InterfaceName=" + name) }
        unit.lines += (network.options ?? [:]).sorted { $0.key < $1.key }.map { "Options=" + $0.key + "=" + $0.value }
        unit.lines += (network.labels ?? [:]).sorted { $0.key < $1.key }.map { "Label=" + Self.words([$0.key + "=" + $0.value]) }
        return (Self.fileName(network.name, ".network"), unit.text)
    }

    // MARK: reading a command line back

    /// The words after the verb (`run`, `container create`, `pod create`).
    static func verbArguments(_ command: [String], verbs: Set<String>, what: String) throws -> [String] {
        guard let index = command.dropFirst().firstIndex(where: verbs.contains) else {
            throw EngineError.invalid("\(what) was not made by \(verbs.sorted().joined(separator: " or ")): there is no command line to generate its unit from")
        }
        return Array(command[(index + 1)...])
    }

    /// `run`/`create`'s one-letter flags, by their long names.
    static let shortFlags: [Character: String] = [
        "e": "--env", "w": "--workdir", "u": "--user", "h": "--hostname", "l": "--label", "v": "--volume", "m": "--memory",
        "p": "--publish", "P": "--publish-all", "i": "--interactive", "t": "--tty", "d": "--detach", "a": "--attach", "q": "--quiet",
    ]

    /// The flags (long names, with their values) and the positional words
    /// (image, command) of a command line; everything after the first
    /// positional is the command's.
    static func split(_ words: [String], takesValue: (String) -> Bool) -> (flags: [(String, String?)], positionals: [String]) {
        var flags: [(String, String?)] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            i += 1
            if word == "--" { return (flags, Array(words[i...])) }
            guard word.hasPrefix("-"), word != "-" else { return (flags, Array(words[(i - 1)...])) }
            if word.hasPrefix("--") {
                if let eq = word.firstIndex(of: "=") {
                    flags.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
                } else if takesValue(word), i < words.count {
                    flags.append((word, words[i]))
                    i += 1
                } else {
                    flags.append((word, nil))
                }
                continue
            }
            // -dit, -p8080:80, -p 8080:80
            var letters = Substring(word.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                let long = shortFlags[letter] ?? "-" + String(letter)
                if takesValue(long) {
                    if !letters.isEmpty {
                        flags.append((long, String(letters.hasPrefix("=") ? letters.dropFirst() : letters)))
                    } else if i < words.count {
                        flags.append((long, words[i]))
                        i += 1
                    }
                    break
                }
                flags.append((long, nil))
            }
        }
        return (flags, [])
    }

    /// Words as a Quadlet value systemd splits back into the same words:
    /// a word with spaces or quotes in double quotes (readable, as a person
    /// writes it), one with control characters C-escaped.
    static func words(_ words: [String]) -> String {
        words.map { word in
            guard CEscape.wordNeedsEscape(word) else { return word }
            if word.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return CEscape.quote(word) }
            return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: " ")
    }

    static func isChosenBridgeName(_ name: String) -> Bool {
        ["berth", "podman"].contains { prefix in name.hasPrefix(prefix) && !name.dropFirst(prefix.count).isEmpty && name.dropFirst(prefix.count).allSatisfy(\.isNumber) }
    }

    static func keyValue(_ text: String) -> (String, String) {
        guard let eq = text.firstIndex(of: "=") else { return (text, "") }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }

    static func isFalse(_ text: String) -> Bool { ["0", "f", "F", "false", "FALSE", "False"].contains(text) }

    /// A unit file name from an object's name (a name is already a safe file name).
    static func fileName(_ name: String, _ suffix: String) -> String {
        name.hasSuffix(suffix) ? name : name + suffix
    }
}

/// One generated Quadlet file's sections.
struct QuadletUnitText {
    let section: String
    var unitSection: [String] = []
    var lines: [String] = []
    var service: [String] = []

    init(section: String) { self.section = section }

    var text: String {
        var out = ""
        if !unitSection.isEmpty { out += "[Unit]\n" + unitSection.map { $0 + "\n" }.joined() + "\n" }
        out += "[\(section)]\n" + lines.map { $0 + "\n" }.joined()
        if !service.isEmpty { out += "\n[Service]\n" + service.map { $0 + "\n" }.joined() }
        if section == "Container" || section == "Pod" { out += "\n[Install]\nWantedBy=default.target\n" }
        return out
    }
}
