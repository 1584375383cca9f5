#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GoTemplate
import GRDB

extension PodManager {
    /// One pod's failure among several containers: Podman tries them all
    /// and reports each.
    /// `body` over `list`, every failure collected into one error; on
    /// success the pod's `event` (start, stop, kill, pause, unpause).
    private func collect(_ pod: Pod, _ verb: String, event: String, _ body: (Container) throws -> Void, over list: [Container]) throws {
        var failures: [String] = []
        for c in list {
            do { try body(c) } catch let error as EngineError where error.kind == .notFound {} catch {
                failures.append("\(c.id): \(error)")
            }
        }
        if !failures.isEmpty {
            throw EngineError(.system, "\(verb) pod \(pod.id): " + failures.joined(separator: "; "))
        }
        store.events.pod(event, id: pod.id, name: pod.name)
    }

    /// `pod start`: the infra container (which writes its monitor's pid to
    /// `--infra-conmon-pidfile`), then the members, oldest first.
    @discardableResult
    public func start(_ nameOrID: String) throws -> Pod {
        let pod = try load(nameOrID)
        guard let infra = pod.infra else {
            throw EngineError(.corrupt, "pod \(pod.id) has no infra container \(pod.record.infraId): remove the pod and create it again")
        }
        _ = try containers.start(infra.id)
        try collect(pod, "starting", event: "start", { c in if !c.isRunning { _ = try containers.start(c.id) } }, over: pod.members)
        return try load(pod.id)
    }

    /// `pod stop`: members newest first, then the infra container.
    @discardableResult
    public func stop(_ nameOrID: String, timeout: Int?) throws -> Pod {
        let pod = try load(nameOrID)
        try collect(pod, "stopping", event: "stop", { c in _ = try containers.stop(c.id, timeout: timeout) },
                    over: pod.members.reversed().filter(\.isRunning) + (pod.infra.map { [$0] } ?? []))
        return try load(pod.id)
    }

    @discardableResult
    public func restart(_ nameOrID: String, timeout: Int? = nil) throws -> Pod {
        let pod = try stop(nameOrID, timeout: timeout)
        return try start(pod.id)
    }

    /// `pod kill`: the signal to every running container of the pod.
    @discardableResult
    public func kill(_ nameOrID: String, signal: Int32) throws -> Pod {
        let pod = try load(nameOrID)
        let running = pod.containers.filter { $0.state.status == .running }
        guard !running.isEmpty else {
            throw EngineError(.conflict, "pod \(pod.id) has no running containers: container state improper")
        }
        try collect(pod, "killing", event: "kill", { c in _ = try containers.kill(c.id, signal: signal) }, over: running)
        return pod
    }

    @discardableResult
    public func pause(_ nameOrID: String) throws -> Pod {
        let pod = try load(nameOrID)
        try collect(pod, "pausing", event: "pause", { c in _ = try containers.pause(c.id) }, over: pod.containers.filter { $0.state.status == .running })
        return pod
    }

    @discardableResult
    public func unpause(_ nameOrID: String) throws -> Pod {
        let pod = try load(nameOrID)
        try collect(pod, "unpausing", event: "unpause", { c in _ = try containers.unpause(c.id) }, over: pod.containers.filter { $0.state.status == .paused })
        return pod
    }

    /// `pod prune`: removes every pod with no running container; returns their IDs.
    public func prune() throws -> [String] {
        var removed: [String] = []
        for pod in try loadAll() where !pod.containers.contains(where: \.isRunning) {
            do { try remove(pod.id, force: false, timeout: nil); removed.append(pod.id) } catch let error as EngineError where error.kind == .notFound {}
        }
        return removed
    }

    /// `pod top`: the processes of the pod's running containers in one
    /// table, as Podman's psgo shows them (see `ContainerManager.top`).
    package func top(_ nameOrID: String, descriptors: [String]) throws -> String {
        let pod = try load(nameOrID)
        let running = pod.containers.filter(\.isRunning)
        guard !running.isEmpty else { throw EngineError(.conflict, "pod top can only be used on pods with at least one running container") }
        var pids: [Int] = []
        for c in running { pids += try containers.processes(c) }
        let rows = try ProcessTable(hostPIDs: pids).render(ContainerManager.topDescriptors(descriptors))
        return TemplateTabWriter().format(rows.joined(separator: "\n") + "\n")
    }

    // MARK: members

    /// A member-to-be of pod `nameOrID`: the namespaces the pod shares
    /// become joins of its infra container, its volumes and user namespace
    /// are added; networking flags the pod owns are refused as Podman
    /// refuses them. Returns the pod held (its lock keeps `pod rm` out
    /// until the member is recorded).
    package func prepareMember(_ spec: inout ContainerSpec, pod nameOrID: String) throws -> (id: String, hostname: String?, lock: FileLock) {
        let record0 = try lookup(nameOrID)
        let lock = try lock(record0.id)
        do {
            guard let record = try store.database.read({ db in try PodRecord.fetchOne(db, key: record0.id) }), record.phase == .ready else {
                throw Self.noSuchPod(nameOrID)
            }
            let config = try JSONDecoder().decode(PodConfiguration.self, from: record.config)
            let infra = "container:" + record.infraId
            let flags = spec.networkFlags
            if config.share.contains(.net) {
                let shared = "network cannot be configured when it is shared with a pod"
                if !flags.network.isEmpty && flags.network != ["pod"] {
                    throw EngineError.invalid("networks must be defined when the pod is created: \(shared)")
                }
                if !flags.publish.isEmpty || flags.publishAll || !flags.expose.isEmpty {
                    throw EngineError.invalid("published or exposed ports must be defined when the pod is created: \(shared)")
                }
                if !flags.ip.isEmpty || !flags.ip6.isEmpty || flags.macAddress != nil || !flags.aliases.isEmpty {
                    throw EngineError.invalid("static IPs, MAC addresses and network aliases must be defined when the pod is created: \(shared)")
                }
                spec.networkFlags.network = [infra]
            } else if flags.network == ["pod"] {
                throw EngineError.invalid("--network pod: pod \(record.name) does not share its network namespace (--share net)")
            }
            var hostname: String?
            if config.share.contains(.uts) && spec.uts == nil {
                if spec.hostname != nil {
                    throw EngineError.invalid("invalid config provided: cannot set hostname when joining the pod UTS namespace")
                }
                spec.uts = try NamespaceMode(parsing: infra, flag: "--uts")
                hostname = config.hostname
            }
            if config.share.contains(.ipc) && spec.ipc == nil { spec.ipc = try NamespaceMode(parsing: infra, flag: "--ipc") }
            if config.share.contains(.pid) && spec.pid == nil { spec.pid = try NamespaceMode(parsing: infra, flag: "--pid") }
            for mount in config.mounts where !spec.mounts.contains(where: { $0.destination == mount.destination }) {
                spec.mounts.append(mount)
            }
            if spec.userNamespace == nil { spec.userNamespace = config.userNamespace }
            if spec.userNamespace != nil {
                var joined: [PodNamespace] = []
                if case .container = spec.ipc { joined.append(.ipc) }
                if case .container = spec.pid { joined.append(.pid) }
                try Self.checkUserNamespaceSharing(joined)
            }
            return (record.id, hostname, lock)
        } catch {
            lock.unlock()
            throw error
        }
    }

    /// A member's monitor reported its exit (`container cleanup`): with
    /// `--exit-policy stop`, the pod stops once no member runs.
    package func memberExited(_ podID: String) throws {
        let pod: Pod
        do { pod = try load(podID) } catch let error as EngineError where error.kind == .notFound { return }
        if let service = pod.config.serviceContainer { try serviceMemberExited(service) }
        guard pod.config.exitPolicy == .stop, !pod.members.contains(where: \.isRunning),
              let infra = pod.infra, infra.isRunning else { return }
        do { _ = try containers.stop(infra.id, timeout: nil) } catch let error as EngineError where error.kind == .notFound {}
    }

    /// `kube play --service-container`: once no member of the pods it
    /// stands for runs, the service container stops (its monitor, a
    /// `.kube` unit's main process, exits and the unit with it).
    private func serviceMemberExited(_ service: String) throws {
        let served = try loadAll().filter { $0.config.serviceContainer == service }
        guard !served.contains(where: { $0.members.contains(where: \.isRunning) }) else { return }
        do {
            if try containers.load(service).isRunning { _ = try containers.stop(service, timeout: nil) }
        } catch let error as EngineError where error.kind == .notFound {}
    }
}
