#if canImport(Glibc)
import Glibc
#endif

extension NetworkStore {
    /// Containers whose configuration joins the network (running or not).
    public func containers(using config: NetworkConfig) throws -> [Container] {
        try ContainerManager(store: store).loadAll().filter { c in
            (c.config.networks ?? []).contains { $0.name == config.name || $0.name == config.id || (config.name == Self.defaultName && $0.name == "bridge") }
        }
    }

    /// `network rm`: a network containers use needs `force`, which removes
    /// them first (stopping running ones within `timeout`). The default
    /// network stays. Returns the removed network's name.
    @discardableResult
    public func remove(_ nameOrID: String, force: Bool, timeout: Int?) throws -> String {
        let config = try load(nameOrID)
        if config.name == Self.defaultName {
            throw EngineError.invalid("default network \(config.name) cannot be removed")
        }
        let users = try containers(using: config)
        if !users.isEmpty {
            guard force else {
                throw EngineError(.inUse, "\"\(config.name)\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used", exitCode: 2)
            }
            let manager = ContainerManager(store: store)
            for c in users { try manager.remove(c.id, force: true, timeout: timeout) }
        }
        let lock = try lock()
        defer { lock.unlock() }
        // A container that joined since the check above keeps it.
        if !force, !(try containers(using: config)).isEmpty {
            throw EngineError(.inUse, "\"\(config.name)\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used", exitCode: 2)
        }
        if unlink(path(config.name)) != 0 && errno != ENOENT {
            throw EngineError.system("cannot remove network config \(path(config.name))", errno)
        }
        store.events.network("remove", id: config.id, name: config.name)
        return config.name
    }

    /// `network prune`: every network but the default one that no container uses.
    public func prune(keep: (NetworkConfig) -> Bool = { _ in false }) throws -> [String] {
        var removed: [String] = []
        for config in try list() where config.name != Self.defaultName && !keep(config) {
            if try containers(using: config).isEmpty { removed.append(try remove(config.name, force: false, timeout: nil)) }
        }
        return removed
    }
}
