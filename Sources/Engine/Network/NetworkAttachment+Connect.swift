#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

extension NetworkAttachment {
    /// `network connect`: the container joins one more network. A stopped
    /// container's configuration gains it (joined at the next start); a
    /// running one also gets it now: its address is chosen and recorded in
    /// the run state first, then netavark sets up that network alone in the
    /// container's namespace, so a connect cut short is torn down with the
    /// rest at the next release. /etc/hosts and /etc/resolv.conf follow.
    public func connect(_ nameOrID: String, to network: ContainerNetworkRequest) throws {
        let (manager, loaded, lock) = try lockedBridgeContainer(nameOrID)
        defer { lock.unlock() }
        var c = loaded
        let networks = NetworkStore(store: store)
        let config = try networks.load(network.name)
        var request = network
        request.name = config.name
        for text in request.staticIPs {
            guard let ip = IPAddress(text) else { throw EngineError.invalid("invalid IP address \(text.debugDescription)") }
            guard config.parsedSubnets.contains(where: { $0.contains(ip) }) else {
                throw EngineError.invalid("requested static ip \(ip) not in any subnet on network \(config.name)")
            }
        }
        if let mac = request.staticMAC { request.staticMAC = try ContainerNetworkRequest.checkedMAC(mac) }
        var joined = c.config.networks ?? []
        guard !joined.contains(where: { $0.name == config.name }) else {
            throw EngineError(.conflict, "container \(c.id) is already connected to network \"\(config.name)\": network is already connected")
        }
        guard c.isRunning, var entry = c.state.network, NetworkNamespace.isBound(entry.namespacePath) else {
            joined.append(request)
            c.config.networks = joined
            try manager.saveConfiguration(c)
            store.events.network("connect", c, network: config.name)
            return
        }
        let interfaceNames = Set(entry.options.networks.values.map(\.interfaceName))
        let interfaceName = request.interfaceName ?? (0...).lazy.map { "eth\($0)" }.first { !interfaceNames.contains($0) }!
        if interfaceNames.contains(interfaceName) {
            throw EngineError(.conflict, "interface name \(interfaceName) is already used in container \(c.id)")
        }
        let name: String
        do {
            let networksLock = try networks.lock()
            defer { networksLock.unlock() }
            var taken = try takenAddresses(except: c.id)
            let allocated = try allocate(request, interfaceName: interfaceName, for: c, taken: &taken, networks: networks)
            name = allocated.name
            entry.options.networks[name] = allocated.options
            entry.options.networkInfo[name] = allocated.config
            joined.append(request)
            c.config.networks = joined
            c.state.network = entry
            try manager.saveConfiguration(c, withState: true)
        }
        let status: [String: NetavarkStatus]?
        do {
            status = try run("setup", entry.options.subset { $0 == name }, in: entry.namespacePath)
        } catch {
            // Undone at once: what setup made goes, the record and configuration forget the network.
            do { _ = try run("teardown", entry.options.subset { $0 == name }, in: entry.namespacePath) } catch {}
            entry.options.networks[name] = nil
            entry.options.networkInfo[name] = nil
            joined.removeAll { $0.name == request.name }
            c.config.networks = joined
            c.state.network = entry
            try manager.saveConfiguration(c, withState: true)
            throw error
        }
        var all = entry.status ?? [:]
        all[name] = status?[name] ?? NetavarkStatus()
        entry.status = all
        c.state.network = entry
        try manager.save(c)
        try manager.rewriteNetworkFiles(c)
        store.events.network("connect", c, network: config.name)
    }

    /// `network disconnect`: the container leaves a network. A running
    /// one's record first marks the network unfinished (so a crash from
    /// here on leaves it to the next release's teardown), then netavark
    /// tears down that network alone, then the record and configuration
    /// drop it.
    public func disconnect(_ nameOrID: String, from networkName: String) throws {
        let (manager, loaded, lock) = try lockedBridgeContainer(nameOrID)
        defer { lock.unlock() }
        var c = loaded
        let config = try NetworkStore(store: store).load(networkName)
        guard var joined = c.config.networks, joined.contains(where: { $0.name == config.name }) else {
            throw EngineError(.conflict, "container \(nameOrID) is not connected to network \(config.name)")
        }
        joined.removeAll { $0.name == config.name }
        c.config.networks = joined
        let name = Self.netavarkName(config.name)
        if c.isRunning, var entry = c.state.network, entry.options.networks[name] != nil {
            if NetworkNamespace.isBound(entry.namespacePath) {
                entry.status?[name] = nil
                c.state.network = entry
                try manager.save(c)
                _ = try run("teardown", entry.options.subset { $0 == name }, in: entry.namespacePath)
            }
            entry.options.networks[name] = nil
            entry.options.networkInfo[name] = nil
            c.state.network = entry
            try manager.saveConfiguration(c, withState: true)
            try manager.rewriteNetworkFiles(c)
        } else {
            try manager.saveConfiguration(c)
        }
        store.events.network("disconnect", c, network: config.name)
    }

    /// The container, loaded again under its lock (which the caller
    /// releases). Podman's rule: only containers in bridge mode join or
    /// leave networks.
    private func lockedBridgeContainer(_ nameOrID: String) throws -> (ContainerManager, Container, FileLock) {
        let manager = ContainerManager(store: store)
        let id = try manager.load(nameOrID).id
        let lock = try manager.lock(id)
        do {
            let c = try manager.load(id)
            guard c.config.network == .bridge else {
                throw EngineError.invalid("\"\(c.config.network)\" is not supported: invalid network mode")
            }
            return (manager, c, lock)
        } catch {
            lock.unlock()
            throw error
        }
    }
}

extension ContainerManager {
    /// Stores a changed configuration (and the run state with it, in one transaction).
    func saveConfiguration(_ c: Container, withState: Bool = false) throws {
        let data = try JSONEncoder().encode(c.config)
        try store.database.write { db in
            try db.execute(sql: "UPDATE container SET config = ? WHERE id = ?", arguments: [data, c.id])
            if withState { try save(c, db: db) }
        }
    }

    /// A running container's /etc/hosts and /etc/resolv.conf after its
    /// networks changed, written in place: the container sees the files
    /// through bind mounts of these very inodes.
    func rewriteNetworkFiles(_ c: Container) throws {
        let bundle = bundle(c.id)
        for (file, text) in [("hosts", hostsFile(c, network: c.state.network)), ("resolv.conf", resolvFile(c, network: c.state.network))] {
            let path = bundle + "/" + file
            let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            if fd < 0 {
                if errno == ENOENT { continue }
                throw EngineError.system("cannot open \(path)", errno)
            }
            defer { close(fd) }
            try Array(text.utf8).withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: path) }
        }
    }
}
