#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// Joining other containers' namespaces (`--network container:ID`,
/// `--ipc/--uts/--pid container:ID`, `ns:PATH`, a pod's members joining
/// its infra container): targets are named by ID at create, started
/// before the joiner, and their namespaces' paths go into the runtime spec.
extension ContainerManager {
    /// The containers whose namespaces `config` joins, by ID.
    func namespaceTargets(_ config: ContainerConfiguration) -> [String] {
        var targets: [String] = []
        if case .container(let id) = config.network { targets.append(id) }
        for mode in [config.ipc, config.uts, config.pid, config.cgroupns] {
            if case .container(let id) = mode, !targets.contains(id) { targets.append(id) }
        }
        for id in config.requires ?? [] where !targets.contains(id) { targets.append(id) }
        return targets
    }

    /// At create: each `container:NAME` becomes `container:ID` (an unknown
    /// container is an error before anything is recorded); joining a UTS
    /// namespace takes its hostname.
    func settleNamespaceTargets(_ config: inout ContainerConfiguration) throws {
        func settle(_ nameOrID: String) throws -> Container {
            do { return try loadRecorded(nameOrID) } catch let error as EngineError where error.kind == .notFound {
                throw EngineError.notFound("looking up container \(nameOrID.debugDescription) to join its namespace: " + error.message)
            }
        }
        config.requires = try config.requires.map { names in
            try names.map { name in
                do { return try loadRecorded(name).id } catch let error as EngineError where error.kind == .notFound {
                    throw EngineError.notFound("\(name.debugDescription) is not a valid container, cannot be used as a dependency: " + error.message)
                }
            }
        }
        if case .container(let target) = config.network { config.network = .container(try settle(target).id) }
        if case .container(let target) = config.ipc { config.ipc = .container(try settle(target).id) }
        if case .container(let target) = config.pid { config.pid = .container(try settle(target).id) }
        if case .container(let target) = config.cgroupns { config.cgroupns = .container(try settle(target).id) }
        if case .container(let target) = config.uts {
            let c = try settle(target)
            config.uts = .container(c.id)
            config.hostname = c.config.hostname
        }
    }

    /// What a start joins: paths by OCI namespace type (`network` too), and
    /// the network record of the container whose network namespace it
    /// joins (its addresses go into /etc/hosts).
    struct JoinedNamespaces {
        var paths: [String: String] = [:]
        var network: NetworkAttachment.Record?
    }

    func joinedNamespaces(_ c: Container) throws -> JoinedNamespaces {
        var joined = JoinedNamespaces()
        func path(_ mode: NamespaceMode?, type: String, proc: String) throws {
            switch mode {
            case .container(let id):
                let target = try runningTarget(id, for: c, type: type)
                joined.paths[type] = "/proc/\(target.state.pid)/ns/" + proc
            case .path(let path):
                guard FileSystem.exists(path) else { throw EngineError.notFound("\(type) namespace \(path) of container \(c.id): no such file") }
                joined.paths[type] = path
            default:
                break
            }
        }
        try path(c.config.ipc, type: "ipc", proc: "ipc")
        try path(c.config.uts, type: "uts", proc: "uts")
        try path(c.config.pid, type: "pid", proc: "pid")
        try path(c.config.cgroupns, type: "cgroup", proc: "cgroup")
        switch c.config.network {
        case .container(let id):
            let target = try runningTarget(id, for: c, type: "network")
            joined.network = try networkRecord(of: target)
            joined.paths["network"] = target.state.network?.namespacePath ?? "/proc/\(target.state.pid)/ns/net"
        case .path(let path):
            guard FileSystem.exists(path) else { throw EngineError.notFound("network namespace \(path) of container \(c.id): no such file") }
            joined.paths["network"] = path
        default:
            break
        }
        return joined
    }

    /// The bridge network record behind a container's network namespace,
    /// following `container:` joins.
    private func networkRecord(of c: Container) throws -> NetworkAttachment.Record? {
        if case .container(let id) = c.config.network { return try networkRecord(of: try load(id)) }
        return c.state.network
    }

    private func runningTarget(_ id: String, for c: Container, type: String) throws -> Container {
        let target = try load(id)
        guard target.isRunning, target.state.pid > 0 else {
            throw EngineError(.conflict, "cannot join the \(type) namespace of container \(target.id) for \(c.id): it is not running (\(target.statusWord)): container state improper")
        }
        return target
    }

    /// Starts the containers `c` joins that are not running (a pod's infra
    /// container when a member starts), as Podman starts dependencies.
    func startNamespaceTargets(_ c: Container) throws {
        for id in namespaceTargets(c.config) {
            let target = try load(id)
            if !target.isRunning { _ = try start(id) }
        }
    }

    /// The containers that join `id`'s namespaces or require it (they must go first).
    func dependents(of id: String) throws -> [Container] {
        let candidates = try store.database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM container WHERE id != ? AND instr(CAST(config AS TEXT), ?) > 0",
                                arguments: [id, id])
        }
        return try candidates.map { try loadRecorded($0) }.filter { namespaceTargets($0.config).contains(id) }
    }

    /// `rm --depend`: the containers that join `nameOrID`'s namespaces,
    /// theirs before them, then the container itself; a pod's infra
    /// container takes its whole pod. `removed` hears each ID as it goes,
    /// so a failure part way leaves the ones already gone reported.
    package func removeWithDependents(_ nameOrID: String, force: Bool, timeout: Int?, volumes: Bool,
                                      removed: (String) -> Void) throws {
        let c = try loadRecorded(nameOrID)
        if c.config.podInfra == true, let pod = c.config.pod {
            let members = try loadAll().filter { $0.config.pod == pod && $0.id != c.id }.map(\.id)
            try store.podManager(runtime: runtimeOverride).remove(pod, force: force, timeout: timeout)
            for id in members.reversed() + [c.id] { removed(id) }
            return
        }
        for dependent in try dependents(of: c.id) {
            try removeWithDependents(dependent.id, force: force, timeout: timeout, volumes: volumes, removed: removed)
        }
        try remove(c.id, force: force, timeout: timeout, volumes: volumes)
        removed(c.id)
    }
}
