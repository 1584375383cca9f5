extension ContainerManager {
    /// `pause`: freezes a running container's processes; its status is
    /// `paused` until `unpause` (or a stop, which thaws it to deliver the
    /// signal).
    public func pause(_ nameOrID: String) throws -> Container {
        let c0 = try load(nameOrID)
        let lock = try lock(c0.id)
        defer { lock.unlock() }
        var c = try load(c0.id)
        try syncExit(&c)
        guard c.state.status == .running else {
            throw EngineError(.conflict, "\"\(c.statusWord)\" is not running, can't pause: container state improper")
        }
        try currentRuntime(c).pause(c.id)
        c.state.status = .paused
        try save(c)
        return c
    }

    /// `unpause`: thaws a paused container.
    public func unpause(_ nameOrID: String) throws -> Container {
        let c0 = try load(nameOrID)
        let lock = try lock(c0.id)
        defer { lock.unlock() }
        var c = try load(c0.id)
        guard c.state.status == .paused else {
            throw EngineError(.conflict, "\"\(c.id)\" is not paused, can't unpause: container state improper")
        }
        try currentRuntime(c).resume(c.id)
        c.state.status = .running
        try save(c)
        return c
    }
}
