#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// The OCI runtime's state for the container (made by `runtime create`,
/// which the monitor runs): recorded with the runtime and its state root
/// before the monitor is launched, deleted (killing what is left) on release.
enum RuntimeStateStep: StartStep {
    /// Adds the runtime's state to the held list; the caller saves it
    /// before the monitor runs `runtime create`.
    static func record(_ runtime: OCIRuntime, for c: inout Container) {
        c.state.held.append(HeldResource(.runtime, name: runtime.path, root: runtime.stateRoot))
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        if let path = resource.name, let root = resource.root {
            let runtime = OCIRuntime(path: path, stateRoot: root)
            if runtime.knows(c.id) {
                // A run the record never saw start (its berth was killed before
                // `runtime start`) has a monitor waiting for it: it goes first,
                // so no exit file or exit command of it lands on a later run.
                let unrecorded = c.state.status == .created
                    || (manager.modificationTime(manager.bundle(c.id) + "/pidfile") ?? 0) > (c.state.finishedAt ?? .infinity)
                if unrecorded, let monitor = try manager.monitorPid(c.id) {
                    kill(monitor, SIGKILL)
                }
                try runtime.delete(c.id)
            }
        }
        try manager.store.database.write(forget)
    }

    static var outlivesBoot: Bool { false }
}
