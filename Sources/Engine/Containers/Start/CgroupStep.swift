#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// The cgroup the runtime makes for the container. The runtime removes it
/// when it deletes the container; this step removes it when the runtime
/// was killed before it could (an empty directory left in every hierarchy).
enum CgroupStep: StartStep {
    /// Adds `path` (below the cgroup root) to the held list; the caller
    /// saves it before the runtime makes the cgroup.
    static func record(_ path: String, for c: inout Container) {
        c.state.held.append(HeldResource(.cgroup, name: path))
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        if let path = resource.name, path.hasPrefix("/"), !path.split(separator: "/").contains("..") {
            for hierarchy in CgroupPlacement.hierarchyMounts() where hierarchy.root == "/" {
                let directory = hierarchy.mountPoint + path
                if rmdir(directory) != 0 && errno != ENOENT {
                    throw EngineError.system("cannot remove cgroup \(directory) of container \(c.id)", errno)
                }
            }
        }
        try manager.store.database.write(forget)
    }

    static var outlivesBoot: Bool { false }
}
