#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// The cgroup the runtime makes for the container. The runtime removes it
/// when it deletes the container; this step removes it when the runtime
/// was killed before it could (an empty directory left in every hierarchy,
/// or one still holding the runtime's half-made init).
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
                try remove(hierarchy.mountPoint + path, of: c)
            }
        }
        try manager.store.database.write(forget)
    }

    /// Removes the cgroup directory, first killing what is left in it
    /// (only ever the container's processes: the cgroup is its own).
    private static func remove(_ directory: String, of c: Container) throws {
        for attempt in 0..<50 {
            if rmdir(directory) == 0 || errno == ENOENT { return }
            let failure = errno
            guard failure == EBUSY, attempt < 49 else {
                throw EngineError.system("cannot remove cgroup \(directory) of container \(c.id)", failure)
            }
            if attempt == 0 {
                let pids = try FileSystem.readFileIfPresent(directory + "/cgroup.procs").map { String(decoding: $0, as: UTF8.self) } ?? ""
                for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            usleep(20_000)
        }
    }

    static var outlivesBoot: Bool { false }
}
