import GRDB

/// A bridge-mode container's network: its namespace and what netavark set
/// up for it. Recorded (with the namespace's path and netavark's options)
/// before netavark runs, so a start killed at any point is torn down by
/// the next release; `NetworkAttachment.tearDown` is idempotent.
enum NetworkStep: StartStep {
    /// Sets the network up, recording it first.
    static func take(for c: inout Container, manager: ContainerManager) throws {
        var recorded = false
        var current = c
        let entry = try NetworkAttachment(store: manager.store).setUp(c) { entry in
            current.state.network = entry
            if !recorded {
                current.state.held.append(HeldResource(.network))
                recorded = true
            }
            try manager.save(current)
        }
        current.state.network = entry
        try manager.save(current)
        c = current
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        if let entry = c.state.network { try NetworkAttachment(store: manager.store).tearDown(entry) }
        try manager.store.database.write(forget)
    }

    static func forget(_ resource: HeldResource, in state: inout ContainerRunState) {
        state.network = nil
    }

    /// Namespaces live in the run root and firewall rules in the kernel: a
    /// reboot took both.
    static var outlivesBoot: Bool { false }
}
