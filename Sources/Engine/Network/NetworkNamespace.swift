#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A container's network namespace, kept alive by a bind mount of its nsfs
/// file under the run root (as Podman keeps them under /run/netns), so
/// netavark and the runtime can both enter it by path.
enum NetworkNamespace {
    /// Creates a new, empty namespace bound at `path` (its directory made as needed).
    static func create(at path: String) throws {
        try FileSystem.makeDirectories(String(path[..<path.lastIndex(of: "/")!]), mode: 0o755)
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw EngineError.system("cannot create network namespace file \(path)", errno) }
        close(fd)
        if isBound(path) { return }
        let error = engine_netns_create(path)
        if error != 0 { throw EngineError.system("cannot create network namespace \(path)", error) }
    }

    /// Whether a namespace is bound at `path`: the file then lives on nsfs,
    /// another device than its directory's.
    static func isBound(_ path: String) -> Bool {
        var file = stat()
        var dir = stat()
        guard stat(path, &file) == 0, stat(String(path[..<path.lastIndex(of: "/")!]), &dir) == 0 else { return false }
        return file.st_dev != dir.st_dev
    }

    /// Unbinds and deletes `path`; a missing path or a file with nothing bound is fine.
    static func remove(at path: String) throws {
        if isBound(path) && umount2(path, Int32(MNT_DETACH)) != 0 {
            throw EngineError.system("cannot unmount network namespace \(path)", errno)
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw EngineError.system("cannot remove network namespace file \(path)", errno)
        }
    }
}
