#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock(2)` on a file or directory. Held until `unlock()` or
/// until the process dies, which is what makes it a liveness signal: a lock
/// nobody holds belongs to a process that is gone.
public final class FileLock {
    public let path: String
    private let directory: Bool
    private var fd: Int32

    /// Opens (creating if needed) `path`; a directory is opened read-only.
    public init(path: String, directory: Bool = false) throws {
        self.path = path
        self.directory = directory
        let flags = directory ? (O_RDONLY | O_DIRECTORY | O_CLOEXEC) : (O_RDWR | O_CREAT | O_CLOEXEC)
        let fd = open(path, flags, 0o600)
        if fd < 0 { throw EngineError.system("open lock \(path)", errno) }
        self.fd = fd
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Waits for the lock. A lock file removed (`removeFile`) while this
    /// process waited is stale: the lock is taken again on the file the
    /// path names now, so two holders never hold different files.
    public func lock(exclusive: Bool = true) throws {
        _ = try acquire(exclusive ? LOCK_EX : LOCK_SH)
    }

    /// Returns false when another process holds a conflicting lock.
    public func tryLock(exclusive: Bool = true) throws -> Bool {
        try acquire((exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB)
    }

    private func acquire(_ operation: Int32) throws -> Bool {
        while true {
            while flock(fd, operation) != 0 {
                if errno == EWOULDBLOCK && operation & LOCK_NB != 0 { return false }
                if errno != EINTR { throw EngineError.system("lock \(path)", errno) }
            }
            if try directory || isCurrent() { return true }
            let reopened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            if reopened < 0 { throw EngineError.system("open lock \(path)", errno) }
            close(fd)
            fd = reopened
        }
    }

    /// Removes the lock file while holding it exclusively (the object it
    /// guards is gone); processes waiting on it notice and start over.
    public func removeFile() throws {
        if unlink(path) != 0 && errno != ENOENT { throw EngineError.system("remove lock \(path)", errno) }
    }

    /// Whether the open descriptor is still the file at `path`.
    package func isCurrent() throws -> Bool {
        var held = stat()
        var named = stat()
        guard fstat(fd, &held) == 0 else { throw EngineError.system("stat lock \(path)", errno) }
        if stat(path, &named) != 0 {
            if errno == ENOENT { return false }
            throw EngineError.system("stat lock \(path)", errno)
        }
        return held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    public func unlock() {
        _ = flock(fd, LOCK_UN)
    }

    public func withLock<T>(exclusive: Bool = true, _ body: () throws -> T) throws -> T {
        try lock(exclusive: exclusive)
        defer { unlock() }
        return try body()
    }
}
