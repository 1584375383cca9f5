/// Volumes as the containers that name them see them: `volume rm` asks
/// here who uses a volume, since a stopped container's mounts count too.
extension ContainerManager {
    /// The containers whose mounts name volume `name`, running or not.
    func containers(usingVolume name: String) throws -> [Container] {
        try loadAll().filter { c in c.config.mounts.contains { $0.kind == .volume && $0.source == name } }
    }

    /// `volume rm`: a volume any container uses is refused, naming them,
    /// unless `force`; then those containers are removed first (a running
    /// one stopped, killed after `timeout` seconds), as Podman's.
    package func removeVolume(_ nameOrID: String, force: Bool, timeout: Int?) throws {
        let name = try store.volumes.get(nameOrID).name
        let users = try containers(usingVolume: name)
        if !users.isEmpty && !force {
            throw EngineError(.inUse, "volume \(name) is being used by the following container(s): \(users.map(\.id).joined(separator: ", ")): volume is being used",
                              exitCode: 2)
        }
        for c in users {
            do { try remove(c.id, force: true, timeout: timeout) } catch let error as EngineError where error.kind == .notFound {}
        }
        try store.volumes.remove(name, force: force)
    }
}
