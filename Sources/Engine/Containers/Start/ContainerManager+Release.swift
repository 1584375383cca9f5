import GRDB

extension ContainerManager {
    /// Gives back what the container's last start took, newest first, each
    /// through its kind's step; every resource leaves the record as it is
    /// released, so a release cut short is finished by the next one.
    /// A list recorded before a reboot drops what the reboot took.
    /// Does nothing to a running container.
    func releaseResources(_ c: inout Container) throws {
        guard !c.isRunning else { return }
        let boot = try store.bootMarker()
        let rebootedSince = c.state.boot.map { $0 != boot } ?? false
        while let resource = c.state.held.last {
            var next = c
            next.state.held.removeLast()
            if next.state.held.isEmpty { next.state.boot = nil }
            let step = resource.kind.step
            step.forget(resource, in: &next.state)
            do {
                if rebootedSince && !step.outlivesBoot {
                    try store.database.write { db in try save(next, db: db) }
                } else {
                    try step.release(resource, of: c, manager: self) { db in try save(next, db: db) }
                }
            } catch let error as EngineError {
                throw EngineError(error.kind, "releasing \(resource.description) of container \(c.id): \(error.message)", exitCode: error.exitCode)
            }
            c = next
        }
    }

    /// `rm -f` of a container whose state cannot be read: nothing says what
    /// it holds, so whatever it may hold is given back (the runtime's state
    /// under the default runtime; its layer is unmounted with its record).
    func releaseUnknownResources(_ c: Container) throws {
        let runtime = try OCIRuntime.select(requested: runtimeOverride, runRoot: store.runRoot)
        if runtime.knows(c.id) { try runtime.delete(c.id) }
    }
}
