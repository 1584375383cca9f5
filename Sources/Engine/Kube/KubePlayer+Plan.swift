#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// From a pod's YAML to berth's specs, as Podman's kube play maps them:
/// the pod shares ipc, net and uts and stops when its last member exits;
/// members are named `<pod>-<container>`; `hostPort`s are published on the
/// pod; `restartPolicy` becomes every member's restart policy.
extension KubePlayer {
    /// A volume of the pod, resolved.
    enum PodVolume {
        case bind(String)
        case claim(String, readOnly: Bool)
        case emptyDir
        case memory
        /// An optional ConfigMap or secret that does not exist: not mounted.
        case absent
    }

    func plan(name: String, label: String, meta: KubeObjectMeta?, spec: KubePodSpec, annotations: [String: String],
              values: KubeValues, options: KubePlayOptions) throws -> KubePodPlan {
        func invalid(_ path: String, _ message: String) -> EngineError {
            EngineError.invalid("\(label): \(path): \(message)")
        }
        try ContainerStorage.validateName(name)
        var plan = KubePodPlan(label: label, pod: PodSpec(), containers: [], claims: [], hostDirectories: [], hostFiles: [])
        plan.pod.name = name
        plan.pod.labels = meta?.labels ?? [:]
        plan.pod.share = PodNamespace.defaults + (spec.shareProcessNamespace == true ? [.pid] : [])
        plan.pod.exitPolicy = .stop
        plan.pod.createCommand = options.createCommand
        plan.pod.userNamespace = options.userNamespace
        if spec.hostNetwork == true {
            plan.pod.networkFlags.network = ["host"]
        } else {
            plan.pod.hostname = spec.hostname ?? name
            plan.pod.networkFlags.network = options.networks
        }
        for (i, alias) in (spec.hostAliases ?? []).enumerated() {
            guard IPAddress(alias.ip) != nil else { throw invalid("spec.hostAliases[\(i)].ip", "\(alias.ip.debugDescription) is not an IP address") }
            plan.pod.addHosts += (alias.hostnames ?? []).map { "\($0):\(alias.ip)" }
        }

        let restart: RestartPolicy
        switch spec.restartPolicy ?? "Always" {
        case "Always", "": restart = .always
        case "OnFailure": restart = .onFailure(maxRetries: nil)
        case "Never": restart = .no
        case let other: throw invalid("spec.restartPolicy", "\(other.debugDescription) is not one of Always, OnFailure, Never")
        }

        var volumes: [String: PodVolume] = [:]
        for (k, volume) in (spec.volumes ?? []).enumerated() {
            let at = "spec.volumes[\(k)]"
            let sources = [volume.hostPath != nil, volume.emptyDir != nil, volume.persistentVolumeClaim != nil,
                           volume.configMap != nil, volume.secret != nil].filter { $0 }.count
            guard sources == 1 else {
                throw invalid(at, sources == 0 ? "hostPath, emptyDir, persistentVolumeClaim, configMap and secret are the volume sources berth supports"
                                                : "a volume has exactly one source")
            }
            guard volumes[volume.name] == nil else { throw invalid(at + ".name", "volume \(volume.name.debugDescription) is defined twice") }
            if let hostPath = volume.hostPath {
                volumes[volume.name] = .bind(try checkHostPath(hostPath, at: at + ".hostPath", plan: &plan, invalid: invalid))
            } else if let emptyDir = volume.emptyDir {
                switch emptyDir.medium ?? "" {
                case "": volumes[volume.name] = .emptyDir
                case "Memory": volumes[volume.name] = .memory
                case let other: throw invalid(at + ".emptyDir.medium", "\(other.debugDescription) is not \"\" or Memory")
                }
            } else if let claim = volume.persistentVolumeClaim {
                try VolumeStore.validateName(claim.claimName)
                volumes[volume.name] = .claim(claim.claimName, readOnly: claim.readOnly == true)
                if !plan.claims.contains(claim.claimName) { plan.claims.append(claim.claimName) }
            } else if let source = volume.configMap {
                let mode = try Self.fileMode(source.defaultMode, at: at + ".configMap.defaultMode", invalid: invalid)
                guard let map = values.configMaps[source.name] else {
                    if source.optional == true { volumes[volume.name] = .absent; continue }
                    throw invalid(at + ".configMap.name", "no such ConfigMap \(source.name.debugDescription)")
                }
                var data = (map.data ?? [:]).mapValues { Data($0.utf8) }
                for (key, text) in map.binaryData ?? [:] {
                    guard data[key] == nil else {
                        throw invalid(at + ".configMap", "the ConfigMap \(source.name.debugDescription) is invalid: duplicate key \(key.debugDescription) present in data and binaryData")
                    }
                    guard let bytes = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
                        throw invalid(at + ".configMap", "ConfigMap \(source.name): binaryData.\(key): not base64")
                    }
                    data[key] = bytes
                }
                let files = try Self.volumeFiles(data, items: source.items, at: at + ".configMap.items", invalid: invalid)
                try VolumeStore.validateName(source.name)
                plan.filledVolumes.append(.init(name: source.name, files: files, mode: mode))
                volumes[volume.name] = .claim(source.name, readOnly: false)
            } else if let source = volume.secret {
                let mode = try Self.fileMode(source.defaultMode, at: at + ".secret.defaultMode", invalid: invalid)
                guard let data = try values.secret(source.secretName) else {
                    if source.optional == true { volumes[volume.name] = .absent; continue }
                    throw invalid(at + ".secret.secretName", "no secret with name or id \(source.secretName.debugDescription): no such secret")
                }
                let files = try Self.volumeFiles(data, items: source.items, at: at + ".secret.items", invalid: invalid)
                try VolumeStore.validateName(source.secretName)
                plan.filledVolumes.append(.init(name: source.secretName, files: files, mode: mode))
                volumes[volume.name] = .claim(source.secretName, readOnly: false)
            }
        }

        var seen: Set<String> = []
        var published: [String] = []
        for (i, container) in spec.containers.enumerated() {
            let at = "spec.containers[\(i)]"
            guard seen.insert(container.name).inserted else {
                throw invalid(at + ".name", "the pod \(name.debugDescription) is invalid; duplicate container name \(container.name.debugDescription) detected")
            }
            guard !container.image.isEmpty else { throw invalid(at + ".image", "empty") }
            var member = ContainerSpec(image: container.image)
            member.name = name + "-" + container.name
            member.restart = restart
            member.sdNotify = .ignore
            member.labels = plan.pod.labels
            if let unit = options.systemdUnit { member.labels["PODMAN_SYSTEMD_UNIT"] = unit }
            member.annotations = annotations
            // `AutoUpdate=` in a `.kube` unit arrives as annotations; the
            // container-specific one wins, as in Podman.
            for label in ["io.containers.autoupdate", "io.containers.autoupdate.authfile"] {
                if let value = annotations[label + "/" + container.name] ?? annotations[label] { member.labels[label] = value }
            }
            member.logDriver = options.logDriver
            member.logOptions = options.logOptions
            member.stopTimeout = spec.terminationGracePeriodSeconds
            member.createCommand = options.createCommand
            member.tty = container.tty ?? false
            member.interactive = container.stdin ?? false
            member.workingDir = container.workingDir
            if let policy = container.imagePullPolicy {
                member.pull = try Self.pullPolicy(policy, invalid: { invalid(at + ".imagePullPolicy", $0) })
            }
            try applySecurity(container.securityContext, pod: spec.securityContext, to: &member)
            if let memory = container.resources?.limits?["memory"] {
                guard let bytes = KubeResources.bytes(memory) else { throw invalid(at + ".resources.limits.memory", "\(memory.debugDescription) is not a quantity") }
                member.memoryLimit = bytes
            }
            if let probe = container.livenessProbe {
                member.health = try Self.health(probe, ports: container.ports ?? [], restart: restart,
                                                invalid: { invalid(at + ".livenessProbe" + $0, $1) })
            }
            let env = try environment(container, pod: name, member: member, at: at, values: values, invalid: invalid)
            member.env = env.map { $0.name + "=" + $0.value }
            let lookup = Dictionary(env.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
            if let command = container.command, !command.isEmpty {
                member.entrypoint = command.map { Self.expand($0, lookup) }
            }
            if let args = container.args, !args.isEmpty { member.command = args.map { Self.expand($0, lookup) } }
            for (j, mount) in (container.volumeMounts ?? []).enumerated() {
                let where_ = "\(at).volumeMounts[\(j)]"
                guard let volume = volumes[mount.name] else {
                    throw invalid(where_ + ".name", "volume mount \(mount.name) specified for container but not configured in volumes")
                }
                guard mount.mountPath.hasPrefix("/") else { throw invalid(where_ + ".mountPath", "\(mount.mountPath.debugDescription) is not an absolute path") }
                var readOnly = mount.readOnly == true
                switch volume {
                case .bind(let path):
                    member.mounts.append(ContainerMountSpec(kind: .bind, source: path, destination: mount.mountPath, options: readOnly ? ["ro"] : []))
                case .claim(let claim, let claimReadOnly):
                    readOnly = readOnly || claimReadOnly
                    member.mounts.append(ContainerMountSpec(kind: .volume, source: claim, destination: mount.mountPath, options: readOnly ? ["ro"] : []))
                case .emptyDir:
                    member.mounts.append(ContainerMountSpec(kind: .volume, source: "", destination: mount.mountPath, options: readOnly ? ["ro"] : [], anonymous: true))
                case .memory:
                    member.mounts.append(ContainerMountSpec(kind: .tmpfs, source: "", destination: mount.mountPath, options: readOnly ? ["ro"] : []))
                case .absent:
                    continue
                }
            }
            for (j, port) in (container.ports ?? []).enumerated() {
                let where_ = "\(at).ports[\(j)]"
                guard (1...65535).contains(port.containerPort) else { throw invalid(where_ + ".containerPort", "\(port.containerPort) is not a port (1-65535)") }
                let proto = (port.protocol ?? "TCP").lowercased()
                guard ["tcp", "udp", "sctp"].contains(proto) else { throw invalid(where_ + ".protocol", "\(port.protocol ?? "") is not TCP, UDP or SCTP") }
                guard let hostPort = port.hostPort, hostPort != 0 else { continue }
                guard (1...65535).contains(hostPort) else { throw invalid(where_ + ".hostPort", "\(hostPort) is not a port (1-65535)") }
                let host = port.hostIP.map { $0.contains(":") ? "[\($0)]:" : $0 + ":" } ?? ""
                let mapping = "\(host)\(hostPort):\(port.containerPort)/\(proto)"
                if !Self.publishCovers(options.publish, port: port.containerPort, proto: proto) && !published.contains(mapping) {
                    published.append(mapping)
                }
            }
            plan.containers.append(member)
        }
        plan.pod.networkFlags.publish = options.publish + published
        return plan
    }

    /// Checks a `hostPath` as its `type` says; `...OrCreate` paths are
    /// created only when the play goes ahead.
    private func checkHostPath(_ hostPath: KubeVolume.HostPath, at: String, plan: inout KubePodPlan,
                               invalid: (String, String) -> EngineError) throws -> String {
        let path = hostPath.path
        guard path.hasPrefix("/") else { throw invalid(at + ".path", "\(path.debugDescription) is not an absolute path") }
        var info = stat()
        if stat(path, &info) != 0 {
            switch hostPath.type ?? "" {
            case "DirectoryOrCreate": plan.hostDirectories.append(path); return path
            case "FileOrCreate": plan.hostFiles.append(path); return path
            default: throw invalid(at + ".path", "\(path): no such file or directory")
            }
        }
        let kind = info.st_mode & S_IFMT
        switch hostPath.type ?? "" {
        case "", "DirectoryOrCreate", "FileOrCreate": break
        case "Directory": guard kind == S_IFDIR else { throw invalid(at + ".path", "\(path) is not a directory") }
        case "File": guard kind == S_IFREG else { throw invalid(at + ".path", "\(path) is not a file") }
        case "Socket": guard kind == S_IFSOCK else { throw invalid(at + ".path", "\(path) is not a socket") }
        case "CharDevice", "BlockDevice": throw invalid(at + ".type", "\(hostPath.type!) volumes are not supported yet")
        case let other: throw invalid(at + ".type", "invalid HostPath type \(other.debugDescription)")
        }
        return path
    }

    /// Stands for the pod's ID (`fieldRef: metadata.uid`) until the pod exists.
    static let podIDPlaceholder = "\u{0}pod-id\u{0}"

    /// `env` then `envFrom` (later ones winning, as Podman merges them);
    /// `fieldRef` reads the pod's name and the member's labels and annotations.
    private func environment(_ container: KubeContainer, pod: String, member: ContainerSpec, at: String, values: KubeValues,
                             invalid: (String, String) -> EngineError) throws -> [(name: String, value: String)] {
        var env: [(name: String, value: String)] = []
        for (j, variable) in (container.env ?? []).enumerated() {
            let where_ = "\(at).env[\(j)]"
            guard let source = variable.valueFrom else {
                env.append((variable.name, variable.value ?? ""))
                continue
            }
            if let ref = source.configMapKeyRef {
                let place = where_ + ".valueFrom.configMapKeyRef"
                guard let map = values.configMaps[ref.name] else {
                    if ref.optional == true { continue }
                    throw invalid(place, "cannot set env \(variable.name): configmap \(ref.name) not found")
                }
                guard let value = map.data?[ref.key] else {
                    if ref.optional == true { continue }
                    throw invalid(place, "cannot set env \(variable.name): key \(ref.key) not found in configmap \(ref.name)")
                }
                env.append((variable.name, value))
            } else if let ref = source.secretKeyRef {
                let place = where_ + ".valueFrom.secretKeyRef"
                guard let secret = try values.secret(ref.name) else {
                    if ref.optional == true { continue }
                    throw invalid(place, "cannot set env \(variable.name): no secret with name or id \(ref.name.debugDescription): no such secret")
                }
                guard let value = secret[ref.key] else {
                    if ref.optional == true { continue }
                    throw invalid(place, "cannot set env \(variable.name): secret \(ref.name) has not \(ref.key) key")
                }
                env.append((variable.name, String(decoding: value, as: UTF8.self)))
            } else if let ref = source.fieldRef {
                let path = ref.fieldPath
                func quoted(_ prefix: String) -> String? {
                    guard path.hasPrefix(prefix + "['"), path.hasSuffix("']"), path.count > prefix.count + 4 else { return nil }
                    return String(path.dropFirst(prefix.count + 2).dropLast(2))
                }
                if path == "metadata.name" {
                    env.append((variable.name, pod))
                } else if path == "metadata.uid" {
                    env.append((variable.name, Self.podIDPlaceholder))
                } else if let key = quoted("metadata.labels") {
                    env.append((variable.name, member.labels[key] ?? ""))
                } else if let key = quoted("metadata.annotations") {
                    env.append((variable.name, member.annotations[key] ?? ""))
                } else {
                    throw invalid(where_ + ".valueFrom.fieldRef.fieldPath",
                                  "can not set env \(variable.name). Reason: fieldPath \(path) is either not valid or not supported")
                }
            } else {
                throw invalid(where_ + ".valueFrom", "only configMapKeyRef, secretKeyRef and fieldRef are supported")
            }
        }
        for (j, from) in (container.envFrom ?? []).enumerated() {
            let prefix = from.prefix ?? ""
            if let ref = from.configMapRef {
                if let map = values.configMaps[ref.name] {
                    env += (map.data ?? [:]).sorted { $0.key < $1.key }.map { (prefix + $0.key, $0.value) }
                } else if ref.optional != true {
                    throw invalid("\(at).envFrom[\(j)].configMapRef", "configmap \(ref.name) not found")
                }
            }
            if let ref = from.secretRef {
                if let secret = try values.secret(ref.name) {
                    env += secret.sorted { $0.key < $1.key }.map { (prefix + $0.key, String(decoding: $0.value, as: UTF8.self)) }
                } else if ref.optional != true {
                    throw invalid("\(at).envFrom[\(j)].secretRef", "no secret with name or id \(ref.name.debugDescription): no such secret")
                }
            }
        }
        return env
    }

    /// `securityContext`, the container's over the pod's.
    private func applySecurity(_ context: KubeSecurityContext?, pod: KubePodSecurityContext?, to member: inout ContainerSpec) throws {
        if let readOnly = context?.readOnlyRootFilesystem { member.readOnly = readOnly }
        if let privileged = context?.privileged { member.privileged = privileged }
        if let escalation = context?.allowPrivilegeEscalation { member.noNewPrivileges = !escalation }
        member.capAdd = context?.capabilities?.add ?? []
        member.capDrop = context?.capabilities?.drop ?? []
        let user = context?.runAsUser ?? pod?.runAsUser
        let group = context?.runAsGroup ?? pod?.runAsGroup
        if let group { member.user = "\(user ?? 0):\(group)" } else if let user { member.user = String(user) }
        member.groupAdd = (pod?.supplementalGroups ?? []).map(String.init)
    }

    /// A liveness probe as Podman makes it a healthcheck: the command as
    /// is, `curl -f` for `httpGet`, `nc -z` for `tcpSocket`; Kubernetes'
    /// defaults (every 10 s, 3 retries, 1 s timeout); with a restart
    /// policy, a failed check restarts the container.
    static func health(_ probe: KubeProbe, ports: [KubeContainerPort], restart: RestartPolicy,
                       invalid: (String, String) -> EngineError) throws -> HealthSpec {
        func number(_ port: KubeProbe.Port, at: String) throws -> Int {
            switch port {
            case .number(let n): return n
            case .name(let name):
                if let n = Int(name) { return n }
                guard let found = ports.first(where: { $0.name == name }) else { throw invalid(at, "unknown port: \(name)") }
                return found.containerPort
            }
        }
        var health = HealthSpec()
        if let exec = probe.exec {
            health.test = exec.command
        } else if let get = probe.httpGet {
            let port = try number(get.port, at: ".httpGet.port")
            let url = "\((get.scheme ?? "HTTP").lowercased())://\(get.host ?? "localhost"):\(port)\(get.path ?? "/")"
            health.test = ["/bin/sh", "-c", "curl -f \(url) || exit 1"]
        } else if let socket = probe.tcpSocket {
            let port = try number(socket.port, at: ".tcpSocket.port")
            health.test = ["/bin/sh", "-c", "nc -z -v \(socket.host ?? "localhost") \(port) || exit 1"]
        } else {
            throw invalid("", "exec, httpGet or tcpSocket is needed")
        }
        health.interval = Double(max(probe.periodSeconds ?? 10, 1))
        health.retries = max(probe.failureThreshold ?? 3, 1)
        health.timeout = Double(max(probe.timeoutSeconds ?? 1, 1))
        health.startPeriod = Double(max(probe.initialDelaySeconds ?? 0, 0))
        if restart != .no { health.onFailure = .restart }
        return health
    }

    /// `defaultMode` (0644 when absent), at most 0777.
    static func fileMode(_ mode: Int?, at: String, invalid: (String, String) -> EngineError) throws -> mode_t {
        guard let mode else { return 0o644 }
        guard (0...0o777).contains(mode) else { throw invalid(at, "must be between 0000 and 0777") }
        return mode_t(mode)
    }

    /// The files of a ConfigMap or secret volume: every key, or only the
    /// `items` named (at their `path`, relative and without `..`).
    static func volumeFiles(_ data: [String: Data], items: [KubeVolume.KeyToPath]?, at: String,
                            invalid: (String, String) -> EngineError) throws -> [String: Data] {
        guard let items, !items.isEmpty else {
            for key in data.keys where key.contains("/") || key == "." || key == ".." {
                throw invalid(at, "key \(key.debugDescription) cannot be a file name")
            }
            return data
        }
        var files: [String: Data] = [:]
        for (i, item) in items.enumerated() {
            let parts = item.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !item.path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0.isEmpty }) else {
                throw invalid("\(at)[\(i)].path", "\(item.path.debugDescription) must be a relative path without ..")
            }
            if let value = data[item.key] { files[item.path] = value }
        }
        return files
    }

    /// `imagePullPolicy`, case-insensitive, with Podman's synonyms.
    static func pullPolicy(_ text: String, invalid: (String) -> EngineError) throws -> PullPolicy {
        switch text.lowercased() {
        case "always": return .always
        case "ifnotpresent", "missing", "ifmissing": return .missing
        case "never": return .never
        case "newer", "ifnewer": return .newer
        default: throw invalid("\(text.debugDescription) is not Always, IfNotPresent or Never")
        }
    }

    /// Kubernetes' `$(VAR)` in command and args: a defined variable's value;
    /// `$$` is a `$`; anything else is kept.
    static func expand(_ text: String, _ env: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.first == "$" {
                out += "$"
                rest = after.dropFirst()
            } else if after.first == "(", let close = after.firstIndex(of: ")"), let value = env[String(after[after.index(after: after.startIndex)..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "$"
                rest = after
            }
        }
        return out + rest
    }

    /// Whether a `--publish` value names this container port (Podman lets
    /// the flag win over the YAML's `hostPort`).
    static func publishCovers(_ publish: [String], port: Int, proto: String) -> Bool {
        publish.contains { spec in
            let parts = spec.split(separator: "/", maxSplits: 1)
            let givenProto = parts.count > 1 ? String(parts[1]) : "tcp"
            guard givenProto == proto, let last = parts.first?.split(separator: ":").last else { return false }
            let bounds = last.split(separator: "-").compactMap { Int($0) }
            guard let low = bounds.first else { return false }
            return (low...(bounds.last ?? low)).contains(port)
        }
    }
}
