import Foundation
import UnitParser
import Yams

/// A Compose file turned into Quadlet files (`berth quadlet convert`):
/// each service a `.container`, each named volume a `.volume`, each
/// network a `.network` (services without `networks:` share the project's
/// default one, as Compose gives them), and with `pod` one `.pod` holding
/// the containers and their published ports. What has no Quadlet
/// equivalent is listed in `untranslated`, never dropped silently.
package struct ComposeConversion: Sendable {
    /// File name → contents, in the order written.
    package var files: [(name: String, text: String)] = []
    /// `compose.yaml:12: services.web.build: ...` for each key not translated.
    package var untranslated: [String] = []
}

package struct ComposeConverter {
    let path: String
    let project: String
    let pod: Bool
    /// The directory relative bind mounts and env files are resolved from.
    let baseDirectory: String

    /// `project` defaults to the file's `name:` or its directory's name.
    package init(path: String, project: String? = nil, pod: Bool = false) {
        self.path = path
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        baseDirectory = URL(fileURLWithPath: absolute).deletingLastPathComponent().standardizedFileURL.path
        self.project = project ?? ""
        self.pod = pod
    }

    package func convert() throws -> ComposeConversion {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EngineError(.notFound, "reading \(path): \(error.localizedDescription)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw EngineError.invalid("\(path): empty Compose file") }
            root = node
        } catch let error as YamlError {
            throw EngineError.invalid("\(path): \(error)")
        }
        guard let top = root.mapping else { throw invalid(root, "the file", "expected a mapping of services, volumes, networks") }
        var state = State(file: path)
        let projectName = !project.isEmpty ? project : (top["name"]?.string ?? URL(fileURLWithPath: baseDirectory).lastPathComponent)
        let unitProject = Self.unitName(projectName)

        let topLevelKnown: Set = ["services", "volumes", "networks", "secrets", "name", "version"]
        for (key, value) in top where !topLevelKnown.contains(key.string ?? "") {
            state.skip(value, key.string ?? "?", "no Quadlet equivalent")
        }
        guard let services = top["services"]?.mapping, !services.isEmpty else {
            throw invalid(root, "services", "a Compose file needs at least one service")
        }

        // Volumes and networks first: containers refer to their unit files.
        var volumes: [String: String] = [:]   // compose name → how a container names it
        if let declared = top["volumes"] {
            guard let mapping = declared.mapping else { throw invalid(declared, "volumes", "expected a mapping") }
            for (key, value) in mapping {
                let name = key.string ?? ""
                if let unit = try volumeUnit(name, value, &state) {
                    state.files.append((Self.unitName(name) + ".volume", unit))
                    volumes[name] = Self.unitName(name) + ".volume"
                } else {
                    volumes[name] = value["name"]?.string ?? name
                }
            }
        }
        // Compose's network `default` is the project's: PROJECT.network.
        let defaultNetwork = unitProject + ".network"
        var networks: [String: String] = ["default": defaultNetwork]
        var usesDefaultNetwork = false
        if let declared = top["networks"] {
            guard let mapping = declared.mapping else { throw invalid(declared, "networks", "expected a mapping") }
            for (key, value) in mapping {
                let name = key.string ?? ""
                let file = name == "default" ? defaultNetwork : Self.unitName(name) + ".network"
                if let unit = try networkUnit(name, value, &state) {
                    state.files.append((file, unit))
                    networks[name] = file
                } else {
                    networks[name] = value["name"]?.string ?? name
                }
                if name == "default" { usesDefaultNetwork = true }
            }
        }
        let declaresDefault = usesDefaultNetwork
        if let secrets = top["secrets"]?.mapping {
            for (key, value) in secrets {
                let how = value["file"]?.string.map { "berth secret create \(key.string ?? "") \(absolute($0))" } ?? "create it"
                state.skip(value, "secrets.\(key.string ?? "")", "Quadlet uses secrets that exist: \(how) before starting")
            }
        }
        var podPorts: [String] = []
        var podNetworks: [String] = []
        for (key, value) in services {
            let name = key.string ?? ""
            guard value.mapping != nil else { throw invalid(value, "services.\(name)", "expected a mapping") }
            var unit = try containerUnit(name, value, declaredAt: key, volumes: volumes, networks: networks, &state)
            if unit.networks.isEmpty && !unit.hostNetwork {
                usesDefaultNetwork = true
                unit.networks = [defaultNetwork]
            }
            if unit.networks.contains(defaultNetwork) { usesDefaultNetwork = true }
            if pod {
                podPorts += unit.ports
                for n in unit.networks where !podNetworks.contains(n) { podNetworks.append(n) }
                unit.ports = []
                unit.networks = []
                unit.container.insert("Pod=\(unitProject).pod", at: 0)
            }
            state.files.append((Self.unitName(name) + ".container", unit.text))
        }
        if usesDefaultNetwork && !declaresDefault {
            state.files.insert((defaultNetwork, "# The network Compose gives the services of \(projectName) that name none.\n[Network]\n"), at: 0)
        }
        if pod {
            var lines = ["[Pod]"]
            lines += podNetworks.map { "Network=\($0)" }
            lines += podPorts.map { "PublishPort=\($0)" }
            state.files.append((unitProject + ".pod", lines.joined(separator: "\n") + "\n"))
        }
        return ComposeConversion(files: state.files, untranslated: state.untranslated)
    }

    // MARK: - Conversion state

    struct State {
        let file: String
        var files: [(name: String, text: String)] = []
        var untranslated: [String] = []

        mutating func skip(_ node: Node, _ key: String, _ why: String) {
            untranslated.append("\(file):\(node.mark?.line ?? 0): \(key): \(why)")
        }
    }

    /// One `.container` being written; ports and networks kept apart so a
    /// pod can take them.
    struct ContainerUnit {
        var unitSection: [String] = []
        var container: [String] = []
        var service: [String] = []
        var ports: [String] = []
        var networks: [String] = []
        var hostNetwork = false
        var aliases: [String] = []

        var text: String {
            var out = ""
            if !unitSection.isEmpty { out += "[Unit]\n" + unitSection.map { $0 + "\n" }.joined() + "\n" }
            var lines = container
            lines += networks.map { "Network=\($0)" }
            if !networks.isEmpty { lines += aliases.map { "NetworkAlias=\($0)" } }
            lines += ports.map { "PublishPort=\($0)" }
            out += "[Container]\n" + lines.map { $0 + "\n" }.joined()
            if !service.isEmpty { out += "\n[Service]\n" + service.map { $0 + "\n" }.joined() }
            out += "\n[Install]\nWantedBy=default.target\n"
            return out
        }
    }

    // MARK: - Services

    func containerUnit(_ name: String, _ service: Node, declaredAt key: Node, volumes: [String: String], networks: [String: String], _ state: inout State) throws -> ContainerUnit {
        var unit = ContainerUnit()
        let prefix = "services.\(name)"
        unit.unitSection.append("Description=\(name) (from \(URL(fileURLWithPath: path).lastPathComponent))")
        guard let image = service["image"]?.string else {
            if let build = service["build"] {
                throw invalid(build, "\(prefix).build", "the service has no image: build it first (berth build -t NAME) and set image:")
            }
            throw invalid(key, prefix, "a service needs an image")
        }
        unit.container.append("Image=\(image)")
        unit.aliases = [name]
        for (keyNode, value) in service.mapping! {
            let key = keyNode.string ?? ""
            let at = "\(prefix).\(key)"
            if let quadlet = Self.scalarKeys[key] {
                unit.container.append("\(quadlet)=\(try scalar(value, at))")
                continue
            }
            if let quadlet = Self.listKeys[key] {
                for item in try stringList(value, at) { unit.container.append("\(quadlet)=\(item)") }
                continue
            }
            if let line = Self.trueKeys[key] {
                if value.bool == true { unit.container.append(line) }
                continue
            }
            switch key {
            case "image":
                break
            case "command":
                unit.container.append("Exec=\(try words(value, at))")
            case "entrypoint":
                let list = try stringList(value, at)
                if list.count == 1 {
                    unit.container.append("Entrypoint=\(list[0])")
                } else {
                    let json = try JSONSerialization.data(withJSONObject: list, options: [.withoutEscapingSlashes])
                    unit.container.append("Entrypoint=\(String(decoding: json, as: UTF8.self))")
                }
            case "environment":
                for (k, v) in try keyValues(value, at) {
                    unit.container.append("Environment=" + CEscape.escapeWords([v.map { "\(k)=\($0)" } ?? k]))
                }
            case "env_file":
                for file in try envFiles(value, at) { unit.container.append("EnvironmentFile=\(absolute(file))") }
            case "ports":
                for port in try list(value, at) { unit.ports.append(try self.port(port, at)) }
            case "volumes":
                for volume in try list(value, at) { unit.container += try mount(volume, at, volumes: volumes, &state) }
            case "networks":
                if let names = value.sequence {
                    for n in names { unit.networks.append(networks[n.string ?? ""] ?? Self.unitName(n.string ?? "") + ".network") }
                } else if let map = value.mapping {
                    for (n, options) in map {
                        let networkName = n.string ?? ""
                        unit.networks.append(networks[networkName] ?? Self.unitName(networkName) + ".network")
                        if let aliases = options["aliases"] { unit.aliases += try stringList(aliases, "\(at).\(networkName).aliases") }
                        for (option, v) in options.mapping ?? [:] where option.string != "aliases" {
                            state.skip(v, "\(at).\(networkName).\(option.string ?? "")", "per-network options other than aliases are not translated")
                        }
                    }
                } else {
                    throw invalid(value, at, "expected a list or mapping of networks")
                }
            case "network_mode":
                let mode = try scalar(value, at)
                if mode == "host" || mode == "none" {
                    unit.container.append("Network=\(mode)")
                    unit.hostNetwork = true
                } else {
                    state.skip(value, at, "network_mode \(mode) has no Quadlet equivalent")
                }
            case "depends_on":
                let names: [String]
                if let map = value.mapping { names = map.map { $0.key.string ?? "" } } else { names = try stringList(value, at) }
                for dependency in names {
                    let service = Self.unitName(dependency) + ".service"
                    unit.unitSection.append("Requires=\(service)")
                    unit.unitSection.append("After=\(service)")
                }
                if let map = value.mapping {
                    for (dependency, options) in map where options["condition"]?.string == "service_healthy" {
                        state.skip(options, "\(at).\(dependency.string ?? "").condition", "service_healthy: started after, not after healthy (set Notify=healthy on \(dependency.string ?? ""))")
                    }
                }
            case "restart":
                let policy = try scalar(value, at)
                switch policy {
                case "always", "unless-stopped": unit.service.append("Restart=always")
                case "no": break
                default:
                    if policy.hasPrefix("on-failure") { unit.service.append("Restart=on-failure") } else {
                        throw invalid(value, at, "unknown restart policy \"\(policy)\"")
                    }
                }
            case "healthcheck":
                unit.container += try healthcheck(value, at, &state)
            case "labels":
                for (k, v) in try keyValues(value, at) { unit.container.append("Label=" + CEscape.escapeWords([k + "=" + (v ?? "")])) }
            case "user":
                let user = try scalar(value, at)
                let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
                unit.container.append("User=\(parts[0])")
                if parts.count > 1 { unit.container.append("Group=\(parts[1])") }
            case "secrets":
                for secret in try list(value, at) {
                    if let source = secret.string {
                        unit.container.append("Secret=\(source)")
                    } else if let sourceName = secret["source"]?.string {
                        var option = "Secret=\(sourceName)"
                        if let target = secret["target"]?.string { option += ",target=\(target)" }
                        unit.container.append(option)
                    } else {
                        throw invalid(secret, at, "a secret needs a name or source:")
                    }
                }
            case "cap_add":
                unit.container.append("AddCapability=\(try stringList(value, at).joined(separator: " "))")
            case "cap_drop":
                unit.container.append("DropCapability=\(try stringList(value, at).joined(separator: " "))")
            case "extra_hosts":
                for (host, address) in try keyValues(value, at, separator: ":") { unit.container.append("AddHost=\(host):\(address ?? "")") }
            case "stop_grace_period":
                let duration = try scalar(value, at)
                if let seconds = Self.seconds(duration) { unit.container.append("StopTimeout=\(seconds)") } else {
                    throw invalid(value, at, "cannot read the duration \"\(duration)\"")
                }
            case "sysctls":
                for (k, v) in try keyValues(value, at) { unit.container.append("Sysctl=\(k)=\(v ?? "")") }
            case "ulimits":
                guard let map = value.mapping else { throw invalid(value, at, "expected a mapping") }
                for (limit, setting) in map {
                    if let single = setting.string { unit.container.append("Ulimit=\(limit.string ?? "")=\(single)") } else {
                        unit.container.append("Ulimit=\(limit.string ?? "")=\(setting["soft"]?.string ?? ""):\(setting["hard"]?.string ?? "")")
                    }
                }
            case "logging":
                if let driver = value["driver"]?.string { unit.container.append("LogDriver=\(driver)") }
                for (k, v) in value["options"]?.mapping ?? [:] { unit.container.append("LogOpt=\(k.string ?? "")=\(v.string ?? "")") }
            case "build":
                state.skip(value, at, "not translated: the unit runs image: (build it first, or write a .build unit)")
            default:
                state.skip(value, at, "no Quadlet equivalent")
            }
        }
        return unit
    }

    /// Service keys whose single value is one Quadlet key's.
    static let scalarKeys = [
        "container_name": "ContainerName", "hostname": "HostName", "working_dir": "WorkingDir", "shm_size": "ShmSize",
        "mem_limit": "Memory", "pids_limit": "PidsLimit", "stop_signal": "StopSignal",
    ]
    /// Service keys (a value or a list) whose every item is one Quadlet line.
    static let listKeys = ["expose": "ExposeHostPort", "tmpfs": "Tmpfs", "devices": "AddDevice", "dns": "DNS", "dns_search": "DNSSearch"]
    /// Service booleans that, when true, are one Quadlet line.
    static let trueKeys = [
        "read_only": "ReadOnly=true", "init": "RunInit=true", "privileged": "PodmanArgs=--privileged",
        "stdin_open": "PodmanArgs=--interactive", "tty": "PodmanArgs=--tty",
    ]

    func healthcheck(_ value: Node, _ at: String, _ state: inout State) throws -> [String] {
        guard value.mapping != nil else { throw invalid(value, at, "expected a mapping") }
        if value["disable"]?.bool == true { return ["HealthCmd=none"] }
        var lines: [String] = []
        if let test = value["test"] {
            if let text = test.string {
                lines.append("HealthCmd=\(text)")
            } else {
                let words = try stringList(test, "\(at).test")
                switch words.first {
                case "NONE": return ["HealthCmd=none"]
                case "CMD-SHELL": lines.append("HealthCmd=\(words.dropFirst().joined(separator: " "))")
                case "CMD": lines.append("HealthCmd=\(CEscape.escapeWords(Array(words.dropFirst())))")
                default: throw invalid(test, "\(at).test", "expected [\"CMD\", ...], [\"CMD-SHELL\", \"...\"] or a string")
                }
            }
        }
        let keys = [("interval", "HealthInterval"), ("timeout", "HealthTimeout"), ("start_period", "HealthStartPeriod"),
                    ("start_interval", "HealthStartupInterval"), ("retries", "HealthRetries")]
        for (compose, quadlet) in keys {
            if let v = value[compose] { lines.append("\(quadlet)=\(try scalar(v, "\(at).\(compose)"))") }
        }
        for (key, v) in value.mapping! where !(["test", "disable"] + keys.map(\.0)).contains(key.string ?? "") {
            state.skip(v, "\(at).\(key.string ?? "")", "no Quadlet equivalent")
        }
        return lines
    }

    /// `8080:80`, `127.0.0.1:8080:80/udp`, or `{target, published, host_ip, protocol}`.
    func port(_ node: Node, _ at: String) throws -> String {
        if let text = node.string { return text }
        guard let target = node["target"]?.string else { throw invalid(node, at, "a port needs target:") }
        let published = node["published"]?.string
        var spec: String
        if let host = node["host_ip"]?.string {
            spec = host + ":" + (published ?? "") + ":" + target
        } else {
            spec = published.map { $0 + ":" + target } ?? target
        }
        if let proto = node["protocol"]?.string { spec += "/" + proto }
        return spec
    }

    /// `data:/var/lib/x[:ro]` (a named volume), `./html:/srv[:ro]` (a bind,
    /// made absolute), `/cache` (anonymous), or the long syntax.
    func mount(_ node: Node, _ at: String, volumes: [String: String], _ state: inout State) throws -> [String] {
        if let text = node.string {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count > 1 else { return ["Volume=\(text)"] }
            var source = parts[0]
            if source.hasPrefix(".") || source.hasPrefix("~") {
                source = absolute(source)
            } else if !source.hasPrefix("/") {
                guard let known = volumes[source] else { throw invalid(node, at, "volume \"\(source)\" is not declared under the top-level volumes:") }
                source = known
            }
            return ["Volume=" + ([source] + parts.dropFirst()).joined(separator: ":")]
        }
        guard let type = node["type"]?.string, let target = node["target"]?.string else {
            throw invalid(node, at, "a volume needs type: and target:")
        }
        let readOnly = node["read_only"]?.bool == true ? ":ro" : ""
        switch type {
        case "volume":
            guard let source = node["source"]?.string else { return ["Volume=\(target)"] }
            guard let known = volumes[source] else { throw invalid(node, at, "volume \"\(source)\" is not declared under the top-level volumes:") }
            return ["Volume=\(known):\(target)\(readOnly)"]
        case "bind":
            guard let source = node["source"]?.string else { throw invalid(node, at, "a bind mount needs source:") }
            return ["Volume=\(source.hasPrefix("/") ? source : absolute(source)):\(target)\(readOnly)"]
        case "tmpfs":
            return ["Tmpfs=\(target)"]
        default:
            state.skip(node, at, "volume type \(type) is not translated")
            return []
        }
    }

    // MARK: - Volumes and networks

    /// The `.volume` text, or nil for an `external:` volume (used by name).
    func volumeUnit(_ name: String, _ node: Node, _ state: inout State) throws -> String? {
        var lines = ["[Volume]"]
        guard node.mapping != nil else { return lines.joined(separator: "\n") + "\n" }  // `data:` with no settings
        if node["external"]?.bool == true { return nil }
        for (key, value) in node.mapping! {
            let at = "volumes.\(name).\(key.string ?? "")"
            switch key.string ?? "" {
            case "name": lines.append("VolumeName=\(try scalar(value, at))")
            case "driver": lines.append("Driver=\(try scalar(value, at))")
            case "labels": for (k, v) in try keyValues(value, at) { lines.append("Label=\(k)=\(v ?? "")") }
            case "driver_opts":
                for (k, v) in try keyValues(value, at) {
                    switch k {
                    case "type": lines.append("Type=\(v ?? "")")
                    case "device": lines.append("Device=\(v ?? "")")
                    case "o": lines.append("Options=\(v ?? "")")
                    default: state.skip(value, "\(at).\(k)", "no Quadlet equivalent")
                    }
                }
            default: state.skip(value, at, "no Quadlet equivalent")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func networkUnit(_ name: String, _ node: Node, _ state: inout State) throws -> String? {
        var lines = ["[Network]"]
        guard node.mapping != nil else { return lines.joined(separator: "\n") + "\n" }
        if node["external"]?.bool == true { return nil }
        for (key, value) in node.mapping! {
            let at = "networks.\(name).\(key.string ?? "")"
            switch key.string ?? "" {
            case "name": lines.append("NetworkName=\(try scalar(value, at))")
            case "driver": lines.append("Driver=\(try scalar(value, at))")
            case "internal": if value.bool == true { lines.append("Internal=true") }
            case "enable_ipv6": if value.bool == true { lines.append("IPv6=true") }
            case "labels": for (k, v) in try keyValues(value, at) { lines.append("Label=\(k)=\(v ?? "")") }
            case "ipam":
                for config in value["config"]?.sequence.map(Array.init) ?? [] {
                    if let subnet = config["subnet"]?.string { lines.append("Subnet=\(subnet)") }
                    if let gateway = config["gateway"]?.string { lines.append("Gateway=\(gateway)") }
                    if let range = config["ip_range"]?.string { lines.append("IPRange=\(range)") }
                }
            default: state.skip(value, at, "no Quadlet equivalent")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Values

    func invalid(_ node: Node, _ key: String, _ message: String) -> EngineError {
        EngineError.invalid("\(path):\(node.mark?.line ?? 0): \(key): \(message)")
    }

    func scalar(_ node: Node, _ at: String) throws -> String {
        guard let text = node.string else { throw invalid(node, at, "expected a single value") }
        return text
    }

    func list(_ node: Node, _ at: String) throws -> [Node] {
        guard let sequence = node.sequence else { throw invalid(node, at, "expected a list") }
        return Array(sequence)
    }

    func stringList(_ node: Node, _ at: String) throws -> [String] {
        if let text = node.string { return [text] }
        return try list(node, at).map { try scalar($0, at) }
    }

    /// A command as `Exec=` words: a string is split as a shell would
    /// (Compose's rule), a list keeps its words.
    func words(_ node: Node, _ at: String) throws -> String {
        if let text = node.string { return text }
        return CEscape.escapeWords(try stringList(node, at))
    }

    /// `KEY: value` mappings or `KEY=value` lists; a key without a value is nil.
    func keyValues(_ node: Node, _ at: String, separator: Character = "=") throws -> [(String, String?)] {
        if let map = node.mapping {
            return map.map { ($0.key.string ?? "", $0.value.string) }
        }
        return try stringList(node, at).map { item in
            guard let i = item.firstIndex(of: separator) else { return (item, nil) }
            return (String(item[..<i]), String(item[item.index(after: i)...]))
        }
    }

    func envFiles(_ node: Node, _ at: String) throws -> [String] {
        if let text = node.string { return [text] }
        return try list(node, at).map { item in
            if let text = item.string { return text }
            guard let file = item["path"]?.string else { throw invalid(item, at, "an env_file entry needs path:") }
            return file
        }
    }

    func absolute(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if relative.hasPrefix("~/") { return NSHomeDirectory() + relative.dropFirst(1) }
        return URL(fileURLWithPath: baseDirectory + "/" + relative).standardizedFileURL.path
    }

    /// `1m30s`, `10s`, `90` → seconds.
    static func seconds(_ text: String) -> Int? {
        if let plain = Int(text) { return plain }
        var total = 0.0
        var number = ""
        var rest = Substring(text)
        while let c = rest.first {
            if c.isNumber || c == "." { number.append(c); rest.removeFirst(); continue }
            let unit = rest.prefix { $0.isLetter }
            guard let value = Double(number), !unit.isEmpty else { return nil }
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            default: return nil
            }
            number = ""
            rest = rest.dropFirst(unit.count)
        }
        guard number.isEmpty else { return nil }
        return Int(total.rounded(.up))
    }

    /// A Compose name as a unit file name (letters, digits, `-`, `_`, `.`).
    static func unitName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "-" })
    }
}

extension QuadletManager {
    /// Writes converted files into `directory`; an existing file is not
    /// overwritten. Returns the paths written.
    package static func writeConverted(_ conversion: ComposeConversion, into directory: String) throws -> [String] {
        for file in conversion.files where FileManager.default.fileExists(atPath: directory + "/" + file.name) {
            throw EngineError(.conflict, "\(directory)/\(file.name) already exists")
        }
        let manager = QuadletManager(isUser: false, installDirectory: directory, searchDirectories: []) { _ in
            ChildProcess.Output(status: 0, stdout: "", stderr: "")
        }
        return try conversion.files.map { file in
            try manager.write(Data(file.text.utf8), to: directory + "/" + file.name)
            return directory + "/" + file.name
        }
    }
}
