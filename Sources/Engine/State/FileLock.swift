#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock(2)` on a file or directory. Held until `unlock()` or
/// until the process dies, which is what makes it a liveness signal: a lock
/// nobody holds belongs to a process that is gone.
public final class FileLock {
    public let path: String
    private var fd: Int32

    /// Opens (creating if needed) `path`; a directory is opened read-only.
    public init(path: String, directory: Bool = false) throws {
        self.path = path
        let flags = directory ? (O_RDONLY | O_DIRECTORY | O_CLOEXEC) : (O_RDWR | O_CREAT | O_CLOEXEC)
        let fd = open(path, flags, 0o600)
        if fd < 0 { throw EngineError.system("open lock \(path)", errno) }
        self.fd = fd
    }

    deinit { if fd >= 0 { close(fd) } }

    public func lock(exclusive: Bool = true) throws {
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw EngineError.system("lock \(path)", errno) }
        }
    }

    /// Returns false when another process holds a conflicting lock.
    public func tryLock(exclusive: Bool = true) throws -> Bool {
        while flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return false }
            if errno != EINTR { throw EngineError.system("lock \(path)", errno) }
        }
        return true
    }

    /// Whether `path` still names the file this lock is on (another process
    /// may have removed it, with the object it locked, while we waited).
    public func isCurrent() throws -> Bool {
        var held = stat()
        var named = stat()
        if fstat(fd, &held) != 0 { throw EngineError.system("stat lock \(path)", errno) }
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
