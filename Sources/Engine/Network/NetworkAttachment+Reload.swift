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
        if entry.options.networks.isEmpty { return c }
        // After a firewall reload the rules teardown looks for are gone and it
        // may fail; the setup that follows is what decides whether reload worked.
        var teardownError: Error?
        do { _ = try run("teardown", entry.options, in: entry.namespacePath) } catch { teardownError = error }
        do { entry.status = try run("setup", entry.options, in: entry.namespacePath) } catch let error as EngineError {
            throw EngineError(error.kind, error.message + (teardownError.map { " (after teardown: \($0))" } ?? ""))
        }
        c.state.network = entry
        try manager.save(c)
        return c
    }
}
