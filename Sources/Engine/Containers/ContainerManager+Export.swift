#if canImport(Glibc)
import Glibc
#endif

extension ContainerManager {
    /// `export`: the container's root file system (its image plus its
    /// changes, as the container sees them) as a tar stream written to
    /// `output`. The root file system is mounted for the time it takes.
    public func export(_ nameOrID: String, to output: Int32) throws {
        let c = try load(nameOrID)
        let rootfs = try store.containers.mount(c.id)
        defer {
            do { try store.containers.unmount(c.id) } catch {
                EngineLog.warn("cannot unmount the root file system of container \(c.id) after export: \(error)")
            }
        }
        // Entries named as Podman names them (`bin/`, not `./bin/`).
        let entries = FileSystem.list(rootfs).sorted()
        let arguments = ["--numeric-owner", "--xattrs", "-cf", "-", "-C", rootfs] + (entries.isEmpty ? ["--files-from=/dev/null"] : ["--"] + entries)
        let tar = try ChildProcess.spawn(["/bin/tar"] + arguments, fds: [(output, 1), (2, 2)], environment: nil)
        let status = ChildProcess.wait(tar)
        guard status == 0 else {
            throw EngineError(.system, "cannot export container \(c.id): tar exited with status \(status)")
        }
    }
}
