extension NetworkAttachment {
    /// `network reload`: netavark's teardown and setup again in the running
    /// container's namespace, with the addresses and ports it holds.
    public func reload(_ nameOrID: String) throws -> Container {
        let manager = ContainerManager(store: store)
        let c0 = try manager.load(nameOrID)
        let lock = try manager.lock(c0.id)
        defer { lock.unlock() }
        var c = try manager.load(c0.id)
        guard c.isRunning, var entry = c.state.network else {
            throw EngineError(.conflict, "container \(c.id) is not running on a bridge network: nothing to reload")
        }
        _ = try run("teardown", entry)
        entry.status = try run("setup", entry)
        c.state.network = entry
        try manager.save(c)
        return c
    }
}
