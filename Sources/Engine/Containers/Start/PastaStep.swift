import GRDB

/// Rootless `--network pasta` (the rootless default): the container's
/// network namespace and the pasta process serving it, recorded (the
/// namespace's path) before either is made.
enum PastaStep: StartStep {
    /// Sets the network up, recording it first; returns the namespace's path.
    static func take(for c: inout Container, options: [String], manager: ContainerManager) throws -> String {
        let path = PastaNetwork.namespacePath(manager.store, c.id)
        c.state.held.append(HeldResource(.pasta, name: path))
        try manager.save(c)
        try PastaNetwork.setUp(namespace: path, ports: c.config.portMappings ?? [], options: options)
        return path
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        if let path = resource.name { try PastaNetwork.tearDown(namespace: path) }
        try manager.store.database.write(forget)
    }

    /// The namespace is bound in the run root's mount namespace, and pasta
    /// is a process: neither outlives a reboot (or a new user namespace).
    static var outlivesBoot: Bool { false }
}
