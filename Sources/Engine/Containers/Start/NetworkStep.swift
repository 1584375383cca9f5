import GRDB

/// A bridge-mode container's network: its namespace and what netavark set
/// up for it. Recorded (with the namespace's path and netavark's options)
/// before netavark runs, so a start killed at any point is torn down by
/// the next release; `NetworkAttachment.tearDown` is idempotent.
enum NetworkStep: StartStep {
    /// A setup under way: netavark works while the start prepares the rest.
    struct Pending {
        fileprivate let call: NetavarkCall?
        /// Whether netavark is still to be waited for.
        var isRunning: Bool { call != nil }
    }

    /// Records the network, makes its namespace and starts netavark on it;
    /// `finish` waits for netavark's answer. Until then the record has no
    /// status, and a release treats the setup as unfinished.
    static func begin(for c: inout Container, manager: ContainerManager) throws -> Pending {
        var current = c
        let (_, call) = try NetworkAttachment(store: manager.store).beginSetUp(c) { entry in
            current.state.network = entry
            current.state.held.append(HeldResource(.network))
            try manager.save(current)
        }
        c = current
        return Pending(call: call)
    }

    /// Waits for netavark and saves its status.
    static func finish(_ pending: Pending, for c: inout Container, manager: ContainerManager) throws {
        c.state.network?.status = try pending.call?.wait() ?? [:]
        try manager.save(c)
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        if let entry = c.state.network {
            try NetworkAttachment(store: manager.store).tearDown(entry) { unfinished in
                var marked = c
                marked.state.network = unfinished
                try manager.save(marked)
            }
        }
        try manager.store.database.write(forget)
    }

    static func forget(_ resource: HeldResource, in state: inout ContainerRunState) {
        state.network = nil
    }

    /// Namespaces live in the run root and firewall rules in the kernel: a
    /// reboot took both.
    static var outlivesBoot: Bool { false }
}
