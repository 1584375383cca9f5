#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// Pods over one store: create (with the infra container), look up,
/// remove, and the repair of a create or remove a killed berth left. Every
/// change to a pod holds the pod's lock; its containers keep their own.
public struct PodManager {
    public let store: Store
    public var containers: ContainerManager

    public init(store: Store, runtimeOverride: String? = nil) {
        self.store = store
        self.containers = ContainerManager(store: store, runtimeOverride: runtimeOverride)
    }

    func lock(_ id: String) throws -> FileLock {
        let lock = try store.objectLock("pod-" + id)
        try lock.lock(exclusive: true)
        return lock
    }

    // MARK: reading

    /// By full ID, unique ID prefix, or name; a pod a killed create or
    /// remove left half done is finished off first (and then not found).
    public func lookup(_ nameOrID: String) throws -> PodRecord {
        let record = try store.database.read { db in try lookup(nameOrID, db) }
        guard record.phase == .ready else {
            try repair(record)
            throw Self.noSuchPod(nameOrID)
        }
        return record
    }

    static func noSuchPod(_ nameOrID: String) -> EngineError {
        EngineError.notFound("no pod with name or ID \(nameOrID) found: no such pod")
    }

    private func lookup(_ nameOrID: String, _ db: Database) throws -> PodRecord {
        if let byName = try PodRecord.filter(Column("name") == nameOrID).fetchOne(db) { return byName }
        if !nameOrID.isEmpty, nameOrID.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let hits = try PodRecord.filter(sql: "id LIKE ?", arguments: [nameOrID + "%"]).limit(2).fetchAll(db)
            if hits.count == 1 { return hits[0] }
            if hits.count > 1 { throw EngineError(.invalidArgument, "more than one result for pod ID \(nameOrID)") }
        }
        throw Self.noSuchPod(nameOrID)
    }

    /// The pod with its containers' current states.
    public func load(_ nameOrID: String) throws -> Pod {
        try load(record: try lookup(nameOrID), all: try containers.loadAll())
    }

    /// Every pod, oldest first (half-created or half-removed ones repaired
    /// away).
    public func loadAll() throws -> [Pod] {
        let records = try store.database.read { db in try PodRecord.order(Column("created")).fetchAll(db) }
        var ready: [PodRecord] = []
        for record in records {
            if record.phase == .ready { ready.append(record) } else { try repair(record) }
        }
        guard !ready.isEmpty else { return [] }
        let all = try containers.loadAll()
        return try ready.map { try load(record: $0, all: all) }
    }

    private func load(record: PodRecord, all: [Container]) throws -> Pod {
        let config: PodConfiguration
        do { config = try JSONDecoder().decode(PodConfiguration.self, from: record.config) } catch {
            throw EngineError(.corrupt, "pod \(record.id) has a configuration that cannot be read: \(error)")
        }
        return Pod(record: record, config: config, containers: all.filter { $0.id == record.infraId || $0.config.pod == record.id })
    }

    /// The IDs of the pod's containers, members first (newest first), the
    /// infra container last: the order they are removed in.
    func containerIDs(_ pod: PodRecord) throws -> [String] {
        let members = try containers.loadAll().filter { $0.config.pod == pod.id && $0.id != pod.infraId }.map(\.id)
        return members.reversed() + [pod.infraId]
    }

    // MARK: create

    /// Records the pod (`creating`), creates its infra container under the
    /// ID recorded, then marks it `ready`. Returns the pod's ID.
    public func create(_ spec: PodSpec) throws -> String {
        let id = FileSystem.randomHex(32)
        let infraID = FileSystem.randomHex(32)
        let taken = try store.database.read { db in try String.fetchAll(db, sql: "SELECT name FROM pod") }
        let name = spec.name ?? ContainerNames.generate(taken: Set(taken))
        try ContainerStorage.validateName(name)
        // The infra container's spec is checked before anything is recorded.
        let image = try spec.infraImage ?? InfraImage.ensure(store)
        var infra = ContainerSpec(image: image)
        infra.name = spec.infraName ?? String(id.prefix(12)) + "-infra"
        if let command = spec.infraCommand { infra.entrypoint = command }
        infra.pull = spec.infraImage == nil ? .never : .missing
        infra.networkFlags = spec.networkFlags
        infra.hostname = spec.hostname ?? name
        infra.noHosts = spec.noHosts
        infra.addHosts = spec.addHosts
        infra.dnsServers = spec.dnsServers
        infra.dnsSearch = spec.dnsSearch
        infra.dnsOptions = spec.dnsOptions
        infra.shmSize = spec.shmSize
        infra.userNamespace = spec.userNamespace
        infra.sdNotify = .ignore
        infra.conmonPidfile = spec.infraConmonPidfile
        infra.createCommand = spec.createCommand
        if spec.share.contains(.net) == false && (!spec.networkFlags.publish.isEmpty || !spec.networkFlags.network.isEmpty) {
            throw EngineError.invalid("you must share network namespace to set network options for the pod (--share net)")
        }
        if spec.userNamespace != nil { try Self.checkUserNamespaceSharing(spec.share) }

        if spec.replace {
            do { try remove(name, force: true, timeout: nil) } catch let error as EngineError where error.kind == .notFound {}
        }
        var config = PodConfiguration()
        config.labels = spec.labels
        config.share = spec.share
        config.exitPolicy = spec.exitPolicy
        config.hostname = infra.hostname ?? name
        config.mounts = spec.mounts
        config.userNamespace = spec.userNamespace
        config.createCommand = spec.createCommand
        config.serviceContainer = spec.serviceContainer
        let record = PodRecord(id: id, name: name, created: Timestamp.now(), infraId: infraID, phase: .creating,
                               config: try JSONEncoder().encode(config))
        let lock = try lock(id)
        defer { lock.unlock() }
        try store.database.write { db in
            if let other = try PodRecord.filter(Column("name") == name).fetchOne(db) {
                throw EngineError(.conflict, "adding pod to state: name \"\(name)\" is in use: pod already exists (\(other.id))")
            }
            try record.insert(db)
        }
        do {
            infra.infraOfPod = id
            let created = try containers.create(infra, id: infraID)
            // `--userns=auto`: the ids allocated for the infra container are
            // the members' too (not ranges of their own).
            if let allocated = created.config.userNamespace, allocated.mode.hasPrefix("auto") {
                config.userNamespace = UserNamespaceConfig(mode: "", uidMappings: allocated.uidMappings, gidMappings: allocated.gidMappings)
            }
            let ready = try JSONEncoder().encode(config)
            try store.database.write { db in
                try db.execute(sql: "UPDATE pod SET phase = ?, config = ? WHERE id = ?", arguments: [PodRecord.Phase.ready.rawValue, ready, id])
            }
        } catch {
            do { try finishRemoval(record) } catch let cleanup { throw EngineError(.system, "\(error); and then \(cleanup)") }
            throw error
        }
        store.events.pod("create", id: id, name: name)
        return id
    }

    /// A member in a user namespace of its own cannot mount /dev/mqueue in
    /// an ipc namespace, nor /proc in a pid namespace, that the infra
    /// container's (or the host's) user namespace owns; members do not join
    /// the infra container's user namespace yet.
    static func checkUserNamespaceSharing(_ share: [PodNamespace]) throws {
        guard let shared = share.first(where: { $0 == .ipc || $0 == .pid }) else { return }
        throw EngineError.invalid("a user namespace (--userns, --uidmap, --gidmap) is not supported yet for a pod that shares \(shared.rawValue): its members would need to join the infra container's user namespace; share only net and uts (--share net,uts)")
    }

    // MARK: remove

    /// `pod rm`: a pod with running containers needs `force` (they are
    /// stopped first); its containers go with it.
    public func remove(_ nameOrID: String, force: Bool, timeout: Int?) throws {
        let record0 = try lookup(nameOrID)
        let lock = try lock(record0.id)
        defer { lock.unlock() }
        guard let record = try store.database.read({ db in try PodRecord.fetchOne(db, key: record0.id) }) else { return }
        let pod = try load(record: record, all: try containers.loadAll())
        if !force, let running = pod.containers.first(where: \.isRunning) {
            throw EngineError(.conflict, "pod \(pod.id) has containers that are not ready to be removed: cannot remove container \(running.id) as it is running - running or paused containers cannot be removed without force: container state improper", exitCode: 2)
        }
        try store.database.write { db in
            try db.execute(sql: "UPDATE pod SET phase = ? WHERE id = ?", arguments: [PodRecord.Phase.removing.rawValue, record.id])
        }
        try finishRemoval(record, timeout: timeout)
        try lock.removeFile()
        store.events.pod("remove", id: record.id, name: record.name)
    }

    /// Removes the pod's containers (stopping them), then its record.
    private func finishRemoval(_ record: PodRecord, timeout: Int? = nil) throws {
        for id in try containerIDs(record) {
            do {
                try containers.remove(id, force: true, timeout: timeout, volumes: true, removingPod: true)
            } catch let error as EngineError where error.kind == .notFound {}
        }
        try store.database.write { db in _ = try PodRecord.deleteOne(db, key: record.id) }
    }

    /// Finishes a create or remove that a killed berth left, unless the
    /// process doing it still holds the pod's lock.
    private func repair(_ record: PodRecord) throws {
        let lock = try store.objectLock("pod-" + record.id)
        guard try lock.tryLock(exclusive: true) else { return }
        defer { lock.unlock() }
        guard let current = try store.database.read({ db in try PodRecord.fetchOne(db, key: record.id) }), current.phase != .ready else { return }
        try finishRemoval(current)
        try lock.removeFile()
    }
}

extension Store {
    public func podManager(runtime: String? = nil) -> PodManager {
        PodManager(store: self, runtimeOverride: runtime)
    }
}
