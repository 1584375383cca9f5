import CShim

/// The bundle directory, held open so sockets can be bound through
/// `/proc/self/fd/N/name` whatever the length of the bundle path.
struct BundleDir {
    let fd: Int32

    init?(_ path: String) {
        fd = Sys.open(path, O_PATH | O_DIRECTORY)
        if fd < 0 { return nil }
    }

    /// A short path that names `name` inside the bundle.
    func shortPath(_ name: String) -> String {
        "/proc/self/fd/\(fd)/" + name
    }

    func unlink(_ name: String) {
        _ = name.withCString { unlinkat(fd, $0, 0) }
    }
}

/// Binds a fresh unix socket of `type` at `path` (removing a stale one).
func bindUnixSocket(_ type: Int32, at path: String) -> Int32 {
    let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    if fd < 0 { return -1 }
    _ = path.withCString { unlink($0) }
    if path.withCString({ cshim_unix_bind(fd, $0) }) < 0 {
        let saved = Sys.errno
        Sys.close(fd)
        cshim_set_errno(saved)
        return -1
    }
    return fd
}
