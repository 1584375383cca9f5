#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A directory held open so the files made or read in it are named relative
/// to its descriptor: the kernel does not walk the directory's path again
/// for each of a thousand files.
struct OpenDirectory: Sendable {
    let path: String
    let descriptor: Int32

    init(_ path: String) throws(FileSystem.Failure) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystem.Failure(action: "open directory", path: path, code: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Writes `name` (replacing it) with as few calls as the kernel allows.
    func writeFile(_ name: String, _ bytes: [UInt8]) throws(FileSystem.Failure) {
        let fd = openat(descriptor, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystem.Failure(action: "create", path: path + "/" + name, code: errno) }
        defer { _ = Glibc.close(fd) }
        if let failure = FileSystem.writeAll(fd, bytes) {
            throw FileSystem.Failure(action: "write", path: path + "/" + name, code: failure)
        }
    }

    /// Reads `name` as text.
    func readFile(_ name: String) throws(FileSystem.Failure) -> String {
        let fd = openat(descriptor, name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.Failure(action: "open", path: path + "/" + name, code: errno) }
        defer { _ = Glibc.close(fd) }
        return try FileSystem.readAll(fd, path: path + "/" + name)
    }

    /// Makes the link `name` pointing at `target`, replacing what was there.
    func symlink(_ target: String, at name: String) throws(FileSystem.Failure) {
        if symlinkat(target, descriptor, name) == 0 { return }
        if errno == EEXIST {
            unlinkat(descriptor, name, 0)
            if symlinkat(target, descriptor, name) == 0 { return }
        }
        throw FileSystem.Failure(action: "create symlink", path: path + "/" + name, code: errno)
    }
}
