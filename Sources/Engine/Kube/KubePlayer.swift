#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Yams

/// `kube play`: Kubernetes YAML into berth's secrets, volumes, pods and
/// containers. Everything is read and checked first (an invalid field, a
/// missing ConfigMap key or secret, a host path that is not there refuse
/// the whole play); what a play created before a later step failed is
/// removed again.
public struct KubePlayer {
    public let store: Store
    let pods: PodManager

    /// Podman's network for kube pods when no `--network` is given.
    static let defaultNetwork = "podman-default-kube-network"

    public init(store: Store, runtime: String? = nil) {
        self.store = store
        self.pods = PodManager(store: store, runtimeOverride: runtime)
    }

    /// What a play touches, by name.
    struct Targets {
        var pods: [String] = []
        var containers: [String] = []
        var volumes: [String] = []
        var secrets: [String] = []
    }

    public func play(_ files: [KubeYAML], options: KubePlayOptions) throws -> KubePlayReport {
        var report = KubePlayReport()
        report.warnings = files.flatMap(\.warnings)
        let objects = files.flatMap(\.objects)
        var values = KubeValues(store: store)
        for case .configMap(let map) in objects {
            guard let name = map.metadata.name, !name.isEmpty else { throw EngineError.invalid("ConfigMap: metadata.name: missing") }
            values.configMaps[name] = map
        }
        for path in options.configMapFiles {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw EngineError.invalid("--configmap \(path): \(String(cString: strerror(errno)))")
            }
            let file = try KubeYAML(text: text, source: path)
            report.warnings += file.warnings
            for object in file.objects {
                guard case .configMap(let map) = object else {
                    throw EngineError.invalid("\(path): invalid YAML kind: [ConfigMap] is the only supported by --configmap")
                }
                guard let name = map.metadata.name, !name.isEmpty else { throw EngineError.invalid("\(path): ConfigMap: metadata.name: missing") }
                if values.configMaps[name] != nil {
                    throw EngineError.invalid("ambiguous configuration: the same config map \(name) is present in YAML and in --configmaps \(path) file")
                }
                values.configMaps[name] = map
            }
        }
        var secrets: [(String, KubeSecret)] = []
        var claims: [KubePersistentVolumeClaim] = []
        for object in objects {
            switch object {
            case .secret(let secret):
                guard let name = secret.metadata.name, !name.isEmpty else { throw EngineError.invalid("Secret: metadata.name: missing") }
                try SecretStore.validateName(name)
                _ = try secret.values()
                values.secrets[name] = secret
                secrets.append((name, secret))
            case .persistentVolumeClaim(let claim):
                guard let name = claim.metadata.name, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw EngineError.invalid("persistent volume claim name can not be empty")
                }
                try VolumeStore.validateName(name)
                claims.append(claim)
            default: break
            }
        }

        var plans: [KubePodPlan] = []
        for object in objects {
            switch object {
            case .pod(let pod):
                guard let name = pod.metadata.name, !name.isEmpty else { throw EngineError.invalid("Pod: metadata.name: pod does not have a name") }
                let annotations = (pod.metadata.annotations ?? [:]).merging(options.annotations) { _, flag in flag }
                plans.append(try plan(name: name, label: "Pod \(name.debugDescription)", meta: pod.metadata, spec: pod.spec,
                                      annotations: annotations, values: values, options: options))
            case .deployment(let deployment):
                guard let name = deployment.metadata.name, !name.isEmpty else {
                    throw EngineError.invalid("Deployment: metadata.name: deployment does not have a name")
                }
                if let replicas = deployment.spec.replicas, replicas > 1 {
                    report.warnings.append("Deployment \(name.debugDescription): Limiting replica count to 1, more than one replica is not supported by Podman")
                }
                plans.append(try templatePlan(kind: "Deployment", meta: deployment.metadata, template: deployment.spec.template,
                                              values: values, options: options))
            case .daemonSet(let set):
                plans.append(try templatePlan(kind: "DaemonSet", meta: set.metadata, template: set.spec.template, values: values, options: options))
            case .job(let job):
                plans.append(try templatePlan(kind: "Job", meta: job.metadata, template: job.spec.template, values: values, options: options))
            default: break
            }
        }
        guard !plans.isEmpty || !secrets.isEmpty || !claims.isEmpty else {
            if !values.configMaps.isEmpty {
                throw EngineError.invalid("ConfigMaps in podman are not a standalone object and must be used in a container")
            }
            throw EngineError.invalid("YAML document does not contain any supported kube kind")
        }
        var names: Set<String> = []
        for plan in plans where !names.insert(plan.pod.name ?? "").inserted {
            throw EngineError.invalid("\(plan.label): a pod named \(plan.pod.name ?? "") is played twice")
        }

        if options.replace { report.teardown = try down(targets(objects), force: false) }

        var made = Targets()
        do {
            for (name, secret) in secrets {
                let existed = try store.secrets.exists(name)
                var spec = SecretSpec(name: name, data: Data(try YAMLEncoder().encode(secret).utf8))
                spec.replace = true
                report.secrets.append(try store.secrets.create(spec))
                if !existed { made.secrets.append(name) }
            }
            for claim in claims {
                let name = claim.metadata.name!
                if try ensureVolume(name, labels: claim.metadata.labels ?? [:]) { made.volumes.append(name) }
                report.volumes.append(name)
            }
            if !plans.isEmpty && options.networks.isEmpty && geteuid() == 0 && plans.contains(where: { $0.pod.networkFlags.network.isEmpty }) {
                var request = NetworkCreateRequest()
                request.name = Self.defaultNetwork
                request.ignoreExisting = true
                try NetworkStore(store: store).create(request)
            }
            if options.serviceContainer && !plans.isEmpty {
                let id = try createServiceContainer(Self.serviceName(files), options: options)
                made.containers.append(id)
                report.serviceContainerID = id
            }
            for var plan in plans {
                plan.pod.serviceContainer = report.serviceContainerID
                if plan.pod.networkFlags.network.isEmpty && geteuid() == 0 { plan.pod.networkFlags.network = [Self.defaultNetwork] }
                for claim in plan.claims where try ensureVolume(claim, labels: [:]) { made.volumes.append(claim) }
                for filled in plan.filledVolumes {
                    if try ensureVolume(filled.name, labels: [:]) { made.volumes.append(filled.name) }
                    let root = try store.volumes.get(filled.name).mountpoint
                    for (path, data) in filled.files.sorted(by: { $0.key < $1.key }) {
                        let file = root + "/" + path
                        try FileSystem.makeDirectories((file as NSString).deletingLastPathComponent, mode: 0o755)
                        try FileSystem.writeFileAtomically(file, data, mode: filled.mode)
                    }
                }
                for path in plan.hostDirectories { try FileSystem.makeDirectories(path, mode: 0o755) }
                for path in plan.hostFiles where !FileSystem.exists(path) {
                    let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
                    guard fd >= 0 else { throw EngineError.system("create hostPath \(path)", errno) }
                    close(fd)
                }
                let podID = try pods.create(plan.pod)
                made.pods.append(podID)
                var ids: [String] = []
                for var member in plan.containers {
                    member.pod = podID
                    let withID = { (text: String) in text.replacingOccurrences(of: Self.podIDPlaceholder, with: podID) }
                    member.env = member.env.map(withID)
                    member.entrypoint = member.entrypoint?.map(withID)
                    member.command = member.command.map(withID)
                    ids.append(try pods.containers.create(member).id)
                }
                report.pods.append(.init(id: podID, containers: ids))
            }
        } catch {
            undo(made)
            throw error
        }
        if options.start {
            if let service = report.serviceContainerID { _ = try pods.containers.start(service) }
            for played in report.pods {
                do { try pods.start(played.id) } catch let error as EngineError {
                    throw EngineError(error.kind, "starting pod \(played.id): \(error.message)", exitCode: error.exitCode)
                }
            }
        }
        if let service = report.serviceContainerID {
            // The service container's monitor becomes the unit's main
            // process: berth itself exits now, as Podman does.
            let monitor = try pods.containers.load(service).state.monitorPid
            try SystemdNotify.send("MAINPID=\(monitor)\nREADY=1")
        }
        return report
    }

    /// `kube play --wait`: blocks until the service container has exited
    /// (once no container of its pods runs).
    public func waitForService(_ id: String) throws {
        var service = try pods.containers.load(id)
        _ = try pods.containers.waitForExit(&service, timeout: nil)
    }

    /// Podman's name for the service container: the first 12 digits of the
    /// YAML's SHA-256, then `-service`.
    static func serviceName(_ files: [KubeYAML]) -> String {
        let digest = SHA256.hash(data: Data(files.map(\.text).joined(separator: "\n---\n").utf8))
        return digest.map { String(format: "%02x", $0) }.joined().prefix(12) + "-service"
    }

    /// A container of the pause image, with no network and a read-only
    /// root, that only waits: its monitor stands for the played pods.
    private func createServiceContainer(_ name: String, options: KubePlayOptions) throws -> String {
        if options.replace {
            do { try pods.containers.remove(name, force: true, timeout: nil) } catch let error as EngineError where error.kind == .notFound {}
        }
        var spec = ContainerSpec(image: try InfraImage.ensure(store))
        spec.name = name
        spec.pull = .never
        spec.networkFlags.network = ["none"]
        spec.readOnly = true
        spec.sdNotify = .ignore
        if let unit = options.systemdUnit { spec.labels["PODMAN_SYSTEMD_UNIT"] = unit }
        spec.createCommand = options.createCommand
        return try pods.containers.create(spec).id
    }

    /// A Deployment's, DaemonSet's or Job's pod: `<name>-pod` from the
    /// template, with the object's annotations.
    private func templatePlan(kind: String, meta: KubeObjectMeta, template: KubePodTemplate, values: KubeValues,
                              options: KubePlayOptions) throws -> KubePodPlan {
        guard let name = meta.name, !name.isEmpty else {
            throw EngineError.invalid("\(kind): metadata.name: \(kind.lowercased()) does not have a name")
        }
        let annotations = (meta.annotations ?? [:]).merging(options.annotations) { _, flag in flag }
        return try plan(name: name + "-pod", label: "\(kind) \(name.debugDescription)", meta: template.metadata,
                        spec: template.spec, annotations: annotations, values: values, options: options)
    }

    /// Creates the named volume unless it exists; true when it was created.
    private func ensureVolume(_ name: String, labels: [String: String]) throws -> Bool {
        if try store.volumes.exists(name) { return false }
        var spec = VolumeSpec()
        spec.name = name
        spec.labels = labels
        spec.ignoreExisting = true
        try store.volumes.create(spec)
        return true
    }

    /// Removes what a failed play made (the failure itself is what the
    /// caller reports; a removal that fails too is added to the log).
    private func undo(_ made: Targets) {
        for id in made.pods.reversed() {
            do { try pods.remove(id, force: true, timeout: 0) } catch { EngineLog.warn("kube play: removing pod \(id) after a failure: \(error)") }
        }
        for id in made.containers {
            do { try pods.containers.remove(id, force: true, timeout: 0) } catch { EngineLog.warn("kube play: removing container \(id) after a failure: \(error)") }
        }
        for name in made.volumes {
            do { try store.volumes.remove(name, force: true) } catch { EngineLog.warn("kube play: removing volume \(name) after a failure: \(error)") }
        }
        for name in made.secrets {
            do { _ = try store.secrets.remove(name) } catch { EngineLog.warn("kube play: removing secret \(name) after a failure: \(error)") }
        }
    }

    /// The pods, volumes (claims and the pods' claims) and secrets the
    /// objects name, as `kube down` removes them.
    func targets(_ objects: [KubeObject]) -> Targets {
        var targets = Targets()
        func claims(_ spec: KubePodSpec) {
            for volume in spec.volumes ?? [] {
                let name = volume.persistentVolumeClaim?.claimName ?? volume.configMap?.name ?? volume.secret?.secretName
                if let name, !targets.volumes.contains(name) { targets.volumes.append(name) }
            }
        }
        for object in objects {
            switch object {
            case .pod(let pod):
                if let name = pod.metadata.name { targets.pods.append(name) }
                claims(pod.spec)
            case .deployment(let deployment):
                if let name = deployment.metadata.name { targets.pods.append(name + "-pod") }
            case .daemonSet(let set):
                if let name = set.metadata.name { targets.pods.append(name + "-pod") }
            case .job(let job):
                if let name = job.metadata.name { targets.pods.append(name + "-pod") }
            case .persistentVolumeClaim(let claim):
                if let name = claim.metadata.name, !targets.volumes.contains(name) { targets.volumes.append(name) }
            case .secret(let secret):
                if let name = secret.metadata.name { targets.secrets.append(name) }
            case .configMap:
                break
            }
        }
        return targets
    }

    /// `kube down`: stops and removes the pods the YAML names, removes its
    /// Secrets, and with `force` its volumes; what does not exist is passed over.
    public func down(_ files: [KubeYAML], force: Bool) throws -> KubeDownReport {
        try down(targets(files.flatMap(\.objects)), force: force)
    }

    func down(_ targets: Targets, force: Bool) throws -> KubeDownReport {
        var report = KubeDownReport()
        for name in targets.pods {
            do { report.stoppedPods.append(try pods.stop(name, timeout: nil).id) } catch let error as EngineError where error.kind == .notFound {}
        }
        var services: [String] = []
        for name in targets.pods {
            do {
                let pod = try pods.load(name)
                if let service = pod.config.serviceContainer, !services.contains(service) { services.append(service) }
                try pods.remove(pod.id, force: true, timeout: nil)
                report.removedPods.append(pod.id)
            } catch let error as EngineError where error.kind == .notFound {}
        }
        for id in services {
            do { try pods.containers.remove(id, force: true, timeout: nil) } catch let error as EngineError where error.kind == .notFound {}
        }
        for name in targets.secrets {
            do { report.removedSecrets.append(try store.secrets.remove(name)) } catch let error as EngineError where error.kind == .notFound {}
        }
        if force {
            for name in targets.volumes {
                do {
                    try store.volumes.remove(name, force: false)
                    report.removedVolumes.append(name)
                } catch let error as EngineError where error.kind == .notFound {}
            }
        }
        return report
    }
}
